package com.cxoneflows.guest;

import com.cxoneflows.stream.Timestamps;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;

/**
 * An accepted guest message (contract §7), as the inbox keeps it and Task Routing and the CRM get it. Between
 * the routes it travels as JSON text, so a dead letter holds it readable and replayable.
 *
 * @param fingerprint the browser fingerprint, or {@code conversation:<id>} when the frame carries none
 * @param receivedAt  when the web-chat socket delivered the frame: the start of the SLA
 */
public record GuestMessage(String conversationId, String fingerprint, String queueId, String text, Instant receivedAt) {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The length of {@code 2026-11-22T14:28:03.843Z}: no digit below the millisecond. */
    private static final int MILLISECOND_FORM = 24;

    public String toJson() {
        ObjectNode node = JSON.createObjectNode();
        node.put("conversationId", conversationId);
        node.put("fingerprint", fingerprint);
        node.put("queueId", queueId);
        node.put("text", text);
        node.put("receivedAt", receivedAt.toString());
        return node.toString();
    }

    /** Reads {@link #toJson()}'s text; a body that is not one (a hand-edited replay) fails with the reason. */
    public static GuestMessage fromJson(String text) {
        try {
            JsonNode node = JSON.readTree(text);
            return new GuestMessage(required(node, "conversationId"), required(node, "fingerprint"),
                    required(node, "queueId"), required(node, "text"), instant(required(node, "receivedAt")));
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalArgumentException("not a guest message: " + e.getMessage(), e);
        }
    }

    /**
     * {@link Timestamps#epochMillis} reads our own millisecond form by hand ({@link Instant#parse} was 5% of the
     * routed profile); a finer fraction (a clock with microseconds), an instant it does not read (-1), or a bad
     * one goes to {@link Instant#parse}, which keeps every digit and fails with today's reason.
     */
    private static Instant instant(String text) {
        long millis = text.length() <= MILLISECOND_FORM ? Timestamps.epochMillis(text) : -1;
        return millis >= 0 ? Instant.ofEpochMilli(millis) : Instant.parse(text);
    }

    private static String required(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("no " + field);
        }
        return value.asText();
    }
}
