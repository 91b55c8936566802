package com.cxoneflows.simulator.agent;

import com.cxoneflows.simulator.PacedTraffic;

import java.util.Map;

/** The agent stream's switches that tests turn at run time ({@code POST /_sim/agents/config}). */
final class AgentStreamConfig extends PacedTraffic {

    private volatile long ackDelayMs;
    private volatile long pingIntervalMs = 15_000;

    AgentStreamConfig() {
        super("eventsPerSecond", 20);
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

    @Override
    public Map<String, Object> toMap() {
        Map<String, Object> config = super.toMap();
        config.put("ackDelayMs", ackDelayMs);
        config.put("pingIntervalMs", pingIntervalMs);
        return config;
    }
}
