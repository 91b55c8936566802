package com.cxoneflows.simulator;

import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;
import java.util.function.IntSupplier;

/**
 * Turns an events-per-second rate into events on a fixed tick: each tick makes the events the elapsed time
 * has earned, carrying the fraction over, so any rate comes out right without one timer per event.
 */
public final class EventPacer {

    public static final long TICK_MS = 50;

    private final IntSupplier eventsPerSecond;
    private final BooleanSupplier paused;
    private final IntConsumer generate;
    private long lastTick = System.nanoTime();
    private double earned;

    /** @param generate makes that many events at once */
    public EventPacer(IntSupplier eventsPerSecond, BooleanSupplier paused, IntConsumer generate) {
        this.eventsPerSecond = eventsPerSecond;
        this.paused = paused;
        this.generate = generate;
    }

    /** Makes the events due since the last tick; returns the seconds since then, for traffic paced otherwise. */
    public double tick() {
        long now = System.nanoTime();
        double elapsedSeconds = (now - lastTick) / 1e9;
        lastTick = now;
        int rate = eventsPerSecond.getAsInt();
        if (paused.getAsBoolean() || rate == 0) {
            earned = 0;
            return elapsedSeconds;
        }
        // a stalled timer catches up by at most one second's worth
        earned = Math.min(earned + rate * elapsedSeconds, rate);
        int due = (int) earned;
        earned -= due;
        if (due > 0) {
            generate.accept(due);
        }
        return elapsedSeconds;
    }
}
