package com.cxoneflows.simulator.guest;

import com.cxoneflows.simulator.SimulatorContext;
import com.cxoneflows.stream.Timestamps;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What a guest types, as the guest socket and {@code POST /_sim/guests/send} take it
 * ({@code {"conversationId","text","fingerprint","queueId"?}}), and the contract §7 frame it becomes.
 * An empty text is allowed, so that a guest can still produce the input the product must count as bad.
 *
 * @param queueId the queue the guest's page asked for, or null (the frame then has no {@code routing})
 */
record GuestMessage(String conversationId, String text, String fingerprint, String queueId) {

    private static final Set<String> FIELDS = Set.of("conversationId", "text", "fingerprint", "queueId");

    /** Reads one message; throws {@link IllegalArgumentException} saying what does not fit. */
    static GuestMessage from(Object value) {
        if (!(value instanceof JsonObject json)) {
            throw new IllegalArgumentException("a guest message is a JSON object");
        }
        for (String field : json.fieldNames()) {
            if (!FIELDS.contains(field)) {
                throw new IllegalArgumentException("unknown field " + field + "; expected " + FIELDS);
            }
        }
        return new GuestMessage(text(json, "conversationId", true), text(json, "text", false),
                text(json, "fingerprint", true), text(json, "queueId", false));
    }

    GuestMessage {
        if (text == null) {
            throw new IllegalArgumentException("text is required");
        }
    }

    /** The inbound frame the integration sockets get. */
    String inboundFrame(Instant at) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("browserFingerprint", fingerprint);
        if (queueId != null) {
            metadata.put("routing", Map.of("queueId", queueId));
        }
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("type", "message");
        frame.put("direction", "inbound");
        frame.put("conversationId", conversationId);
        frame.put("text", text);
        frame.put("timestamp", timestamp(at));
        frame.put("metadata", metadata);
        frame.put("guest", Map.of("fingerprint", fingerprint));
        return SimulatorContext.json(frame);
    }

    static String timestamp(Instant at) {
        return Timestamps.format(at);
    }

    /** A string field; {@code required} ones must also be non-blank. */
    private static String text(JsonObject json, String field, boolean required) {
        Object value = json.getValue(field);
        if (value == null) {
            if (required) {
                throw new IllegalArgumentException(field + " is required");
            }
            return null;
        }
        if (!(value instanceof String string) || (required && string.isBlank())) {
            throw new IllegalArgumentException(field + " must be a " + (required ? "non-blank " : "") + "string");
        }
        return string;
    }
}
