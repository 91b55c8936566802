package com.cxoneflows.adherence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Body;

import java.io.IOException;

/** Reads a notification frame; anything unreadable comes out MALFORMED with the reason, never thrown. */
public class AdherenceEvents {

    private final ObjectMapper json;

    public AdherenceEvents(ObjectMapper json) {
        this.json = json;
    }

    public AdherenceEvent parse(@Body String frame) {
        JsonNode root;
        try {
            root = json.readTree(frame);
        } catch (IOException e) {
            return malformed(-1, frame, "frame is not JSON");
        }
        if (root == null || !"adherence".equals(root.path("type").asText())) {
            return malformed(-1, frame, "not an adherence event");
        }
        if (!root.path("sequenceId").isIntegralNumber()) {
            return malformed(-1, frame, "no sequenceId");
        }
        long sequenceId = root.path("sequenceId").asLong();
        JsonNode payload = root.path("payload");
        String agentId = payload.path("agentId").asText("");
        if (agentId.isEmpty()) {
            return malformed(sequenceId, frame, "no payload.agentId");
        }
        if (!payload.path("inAdherence").isBoolean()) {
            return malformed(sequenceId, frame, "payload.inAdherence is not true or false");
        }
        return new AdherenceEvent(sequenceId, agentId, text(payload.path("scheduledState")), text(payload.path("actualState")),
                payload.path("inAdherence").asBoolean(), text(payload.path("timestamp")), AdherenceEvent.Verdict.APPLY, null,
                frame);
    }

    private static AdherenceEvent malformed(long sequenceId, String frame, String reason) {
        return new AdherenceEvent(sequenceId, null, null, null, null, null, AdherenceEvent.Verdict.MALFORMED, reason, frame);
    }

    private static String text(JsonNode node) {
        return node.isTextual() ? node.asText() : null;
    }
}
