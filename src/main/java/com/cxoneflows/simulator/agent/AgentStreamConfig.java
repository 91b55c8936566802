package com.cxoneflows.simulator.agent;

import java.util.LinkedHashMap;
import java.util.Map;

/** The agent stream's switches that tests turn at run time ({@code POST /_sim/agents/config}). */
final class AgentStreamConfig {

    private volatile int eventsPerSecond = 20;
    private volatile boolean paused;
    private volatile long ackDelayMs;
    private volatile long pingIntervalMs = 15_000;

    int eventsPerSecond() {
        return eventsPerSecond;
    }

    void eventsPerSecond(int value) {
        eventsPerSecond = value;
    }

    boolean paused() {
        return paused;
    }

    void paused(boolean value) {
        paused = value;
    }

    long ackDelayMs() {
        return ackDelayMs;
    }

    void ackDelayMs(long value) {
        ackDelayMs = value;
    }

    long pingIntervalMs() {
        return pingIntervalMs;
    }

    void pingIntervalMs(long value) {
        pingIntervalMs = value;
    }

    Map<String, Object> toMap() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("eventsPerSecond", eventsPerSecond);
        config.put("paused", paused);
        config.put("ackDelayMs", ackDelayMs);
        config.put("pingIntervalMs", pingIntervalMs);
        return config;
    }
}
