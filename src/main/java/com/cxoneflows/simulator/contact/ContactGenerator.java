package com.cxoneflows.simulator.contact;

import io.vertx.core.Vertx;

import java.time.Clock;
import java.util.function.Supplier;

/**
 * Makes the world move: {@code eventsPerSecond} legal events a second on a Vert.x timer, unless paused or
 * quiet. Each tick makes what the elapsed time owes, so a rate change takes effect at the next tick.
 */
final class ContactGenerator {

    private static final long TICK_MS = 50;

    private final Clock clock;
    private final ContactWorld world;
    private final StreamFaults faults;
    private final Supplier<StreamConfig> config;
    private double owed;
    private long last;

    ContactGenerator(Clock clock, ContactWorld world, StreamFaults faults, Supplier<StreamConfig> config) {
        this.clock = clock;
        this.world = world;
        this.faults = faults;
        this.config = config;
    }

    void start(Vertx vertx) {
        last = clock.millis();
        vertx.setPeriodic(TICK_MS, id -> tick());
    }

    private void tick() {
        long now = clock.millis();
        long elapsed = now - last;
        last = now;
        StreamConfig current = config.get();
        if (current.paused() || faults.quiet()) {
            owed = 0;
            return;
        }
        // at most one second's worth at once: a stalled timer does not make a burst
        owed = Math.min(owed + current.eventsPerSecond() * elapsed / 1000.0, current.eventsPerSecond());
        int due = (int) owed;
        if (due > 0) {
            owed -= due;
            world.generate(due);
        }
    }
}
