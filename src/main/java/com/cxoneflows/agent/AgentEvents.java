package com.cxoneflows.agent;

import com.cxoneflows.stream.StreamEvent;
import com.cxoneflows.ws.CxoneWsConstants;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Body;
import org.apache.camel.Header;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
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
        if (timestamp == null) {
            return -1;
        }
        try {
            return Math.max(0, received - epochMillis(timestamp));
        } catch (DateTimeParseException e) {
            return -1;
        }
    }

    /**
     * {@link Instant#parse} with a fast path for the UTC form servers send ({@code 2026-01-05T10:15:30.123Z}, 0 to 9
     * digits of fraction): the general parser costs more than all the rest of an event's parsing. Anything else, or
     * anything out of range, takes {@code Instant.parse}, which decides (and throws) as before.
     */
    static long epochMillis(String timestamp) {
        int length = timestamp.length();
        boolean utcForm = length >= 20 && length <= 30 && timestamp.charAt(4) == '-' && timestamp.charAt(7) == '-'
                && timestamp.charAt(10) == 'T' && timestamp.charAt(13) == ':' && timestamp.charAt(16) == ':'
                && timestamp.charAt(length - 1) == 'Z'
                && (length == 20 || length > 21 && timestamp.charAt(19) == '.' && digits(timestamp, 20, length - 1) >= 0);
        if (utcForm) {
            int year = digits(timestamp, 0, 4);
            int month = digits(timestamp, 5, 7);
            int day = digits(timestamp, 8, 10);
            int hour = digits(timestamp, 11, 13);
            int minute = digits(timestamp, 14, 16);
            int second = digits(timestamp, 17, 19);
            // days up to 28 exist in every month; a later day takes the general parser, which knows month lengths
            if (year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= 28 && hour >= 0 && hour <= 23
                    && minute >= 0 && minute <= 59 && second >= 0 && second <= 59) {
                int taken = Math.max(0, Math.min(3, length - 21));
                int millis = taken == 0 ? 0 : digits(timestamp, 20, 20 + taken);
                for (int scale = taken; scale < 3; scale++) {
                    millis *= 10;
                }
                long days = LocalDate.of(year, month, day).toEpochDay();
                return ((days * 24 + hour) * 60 + minute) * 60_000L + second * 1000L + millis;
            }
        }
        return Instant.parse(timestamp).toEpochMilli();
    }

    /** The decimal number in {@code text[from, to)}, or -1 when a character there is not a digit. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static AgentEvent malformed(String frame, long received, String reason) {
        return new AgentEvent(-1, null, null, null, null, null, received, -1, AgentEvent.Verdict.MALFORMED, null, reason, frame);
    }
}
