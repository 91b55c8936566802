package com.cxoneflows.simulator.agent;

import com.cxoneflows.simulator.SimulatorContext;
import com.cxoneflows.stream.Timestamps;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** One {@code agent.state.change} of the tenant, legal or not, with the sequence it took. */
record AgentEvent(long sequence, String agentId, String previousState, String currentState, Instant timestamp,
                  String reasonCode) {

    /** The text frame of contract §3. */
    String frame() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("agentId", agentId);
        data.put("previousState", previousState);
        data.put("currentState", currentState);
        data.put("timestamp", Timestamps.format(timestamp));
        data.put("reasonCode", reasonCode);
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("eventType", "agent.state.change");
        frame.put("sequence", sequence);
        frame.put("data", data);
        return SimulatorContext.json(frame);
    }
}
