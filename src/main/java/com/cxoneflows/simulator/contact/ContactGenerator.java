package com.cxoneflows.simulator.contact;

import com.cxoneflows.simulator.EventPacer;
import io.vertx.core.Vertx;

import java.util.function.Supplier;

/**
 * Makes the world move: {@code eventsPerSecond} legal events a second on a Vert.x timer, unless paused or
 * quiet. Each tick makes what the elapsed time owes, so a rate change takes effect at the next tick.
 */
final class ContactGenerator {

    private final ContactWorld world;
    private final StreamFaults faults;
    private final Supplier<StreamConfig> config;

    ContactGenerator(ContactWorld world, StreamFaults faults, Supplier<StreamConfig> config) {
        this.world = world;
        this.faults = faults;
        this.config = config;
    }

    void start(Vertx vertx) {
        EventPacer pacer = new EventPacer(() -> config.get().eventsPerSecond(),
                () -> config.get().paused() || faults.quiet(), world::generate);
        vertx.setPeriodic(EventPacer.TICK_MS, id -> pacer.tick());
    }
}
