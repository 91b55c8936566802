package com.cxoneflows.simulator.presence;

import java.util.LinkedHashMap;
import java.util.Map;

/** The presence stream's switches that tests and demos turn at run time ({@code POST /_sim/presence/config}). */
final class PresenceStreamConfig {

    /** A modest demo rate: the dashboard moves at once without a test driving it. */
    private volatile int updatesPerSecond = 20;
    private volatile boolean paused;
    private volatile long heartbeatIntervalMs = 5_000;
    /** Contract §4: a heartbeat not acknowledged within 10 s closes the socket with 4000. */
    private volatile long ackDeadlineMs = 10_000;

    int updatesPerSecond() {
        return updatesPerSecond;
    }

    void updatesPerSecond(int value) {
        updatesPerSecond = value;
    }

    boolean paused() {
        return paused;
    }

    void paused(boolean value) {
        paused = value;
    }

    long heartbeatIntervalMs() {
        return heartbeatIntervalMs;
    }

    void heartbeatIntervalMs(long value) {
        heartbeatIntervalMs = value;
    }

    long ackDeadlineMs() {
        return ackDeadlineMs;
    }

    void ackDeadlineMs(long value) {
        ackDeadlineMs = value;
    }

    Map<String, Object> toMap() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("updatesPerSecond", updatesPerSecond);
        config.put("paused", paused);
        config.put("heartbeatIntervalMs", heartbeatIntervalMs);
        config.put("ackDeadlineMs", ackDeadlineMs);
        return config;
    }
}
