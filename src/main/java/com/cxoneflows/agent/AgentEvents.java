package com.cxoneflows.agent;

import com.cxoneflows.stream.StreamEvent;
import com.cxoneflows.stream.Timestamps;
import com.cxoneflows.ws.CxoneWsConstants;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Body;
import org.apache.camel.Header;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses agent event frames into the batch the route's steps work on: one frame (the socket's {@code maxBatch} of 1)
 * or the socket's batch of {@link StreamEvent}s. Anything unreadable comes out MALFORMED with the reason, never thrown.
 */
public class AgentEvents {

    private final ObjectMapper json;

    public AgentEvents(ObjectMapper json) {
        this.json = json;
    }

    public List<AgentEvent> parse(@Body Object body, @Header(CxoneWsConstants.RECEIVED_AT) Long receivedAt) {
        if (body instanceof List<?> batch) {
            List<AgentEvent> events = new ArrayList<>(batch.size());
            for (Object event : batch) {
                StreamEvent read = (StreamEvent) event;
                events.add(parse(read.data(), read.receivedAt()));
            }
            return events;
        }
        return List.of(parse((String) body, receivedAt == null ? System.currentTimeMillis() : receivedAt));
    }

    private AgentEvent parse(String frame, long received) {
        JsonNode root;
        try {
            root = json.readTree(frame);
        } catch (IOException e) {
            return malformed(frame, received, "frame is not JSON");
        }
        if (!"agent.state.change".equals(root.path("eventType").asText())) {
            return malformed(frame, received, "unknown event type '" + root.path("eventType").asText() + "'");
        }
        JsonNode data = root.path("data");
        if (!root.path("sequence").canConvertToLong() || !root.path("sequence").isIntegralNumber()) {
            return malformed(frame, received, "no sequence");
        }
        String agentId = data.path("agentId").asText("");
        String current = data.path("currentState").asText("");
        if (agentId.isEmpty() || current.isEmpty()) {
            return malformed(frame, received, agentId.isEmpty() ? "no agentId" : "no currentState");
        }
        String timestamp = data.path("timestamp").isTextual() ? data.path("timestamp").asText() : null;
        return new AgentEvent(root.path("sequence").asLong(), agentId.toLowerCase(java.util.Locale.ROOT),
                data.path("previousState").isTextual() ? data.path("previousState").asText() : null, current, timestamp,
                data.path("reasonCode").isTextual() ? data.path("reasonCode").asText() : null, received,
                latency(timestamp, received), AgentEvent.Verdict.VERIFIED, null, null, frame);
    }

    private static long latency(String timestamp, long received) {
        long sent = timestamp == null ? -1 : Timestamps.epochMillis(timestamp);
        return sent < 0 ? -1 : Math.max(0, received - sent);
    }

    private static AgentEvent malformed(String frame, long received, String reason) {
        return new AgentEvent(-1, null, null, null, null, null, received, -1, AgentEvent.Verdict.MALFORMED, null, reason, frame);
    }
}
