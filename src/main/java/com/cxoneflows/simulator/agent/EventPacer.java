package com.cxoneflows.simulator.agent;

/**
 * Turns {@code eventsPerSecond} into events on a fixed tick: each tick makes the events the elapsed time
 * has earned, carrying the fraction over, so any rate comes out right without one timer per event.
 */
final class EventPacer {

    static final long TICK_MS = 50;

    private final AgentStreamConfig config;
    private final AgentHub hub;
    private long lastTick = System.nanoTime();
    private double earned;

    EventPacer(AgentStreamConfig config, AgentHub hub) {
        this.config = config;
        this.hub = hub;
    }

    void tick() {
        long now = System.nanoTime();
        double elapsedSeconds = (now - lastTick) / 1e9;
        lastTick = now;
        int rate = config.eventsPerSecond();
        if (config.paused() || rate == 0) {
            earned = 0;
            return;
        }
        // a stalled timer catches up by at most one second's worth
        earned = Math.min(earned + rate * elapsedSeconds, rate);
        int due = (int) earned;
        earned -= due;
        if (due > 0) {
            hub.generate(due);
        }
    }
}
