package com.cxoneflows.simulator.presence;

import com.cxoneflows.simulator.PacedTraffic;

import java.util.Map;

/** The presence stream's switches that tests and demos turn at run time ({@code POST /_sim/presence/config}). */
final class PresenceStreamConfig extends PacedTraffic {

    private volatile long heartbeatIntervalMs = 5_000;
    /** Contract §4: a heartbeat not acknowledged within 10 s closes the socket with 4000. */
    private volatile long ackDeadlineMs = 10_000;

    /** A modest demo rate: the dashboard moves at once without a test driving it. */
    PresenceStreamConfig() {
        super("updatesPerSecond", 20);
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

    @Override
    public Map<String, Object> toMap() {
        Map<String, Object> config = super.toMap();
        config.put("heartbeatIntervalMs", heartbeatIntervalMs);
        config.put("ackDeadlineMs", ackDeadlineMs);
        return config;
    }
}
