package com.cxoneflows.presence;

import com.cxoneflows.stream.Timestamps;
import com.cxoneflows.ws.CxoneWsConstants;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Body;
import org.apache.camel.Header;

import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Reads a {@code presence.update} frame (contract §4); anything unreadable comes out MALFORMED with the reason, never thrown. */
public class PresenceUpdates {

    private final ObjectMapper json;

    public PresenceUpdates(ObjectMapper json) {
        this.json = json;
    }

    public PresenceUpdate parse(@Body String frame, @Header(CxoneWsConstants.RECEIVED_AT) Long receivedAt) {
        JsonNode root;
        try {
            root = json.readTree(frame);
        } catch (IOException e) {
            return PresenceUpdate.malformed("frame is not JSON", frame);
        }
        if (root == null || !"presence.update".equals(root.path("type").asText())) {
            return PresenceUpdate.malformed("not a presence.update", frame);
        }
        if (!root.path("sequence").isIntegralNumber() || !root.path("sequence").canConvertToLong()) {
            return PresenceUpdate.malformed("no sequence", frame);
        }
        JsonNode payload = root.path("payload");
        String userId = payload.path("userId").asText("").trim().toLowerCase(Locale.ROOT);
        if (!payload.isObject() || userId.isEmpty()) {
            return PresenceUpdate.malformed("no payload.userId", frame);
        }
        String updatedAt;
        try {
            updatedAt = updatedAt(payload.path("timestamp"), receivedAt);
        } catch (DateTimeParseException e) {
            return PresenceUpdate.malformed("timestamp is not ISO-8601: " + clip(payload.path("timestamp").asText()), frame);
        }
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        payload.fields().forEachRemaining(field -> {
            if (!field.getKey().equals("userId") && !field.getKey().equals("timestamp")) {
                fields.put(field.getKey(), field.getValue());
            }
        });
        return new PresenceUpdate(userId, root.path("sequence").asLong(), fields, updatedAt, PresenceUpdate.Verdict.FRESH, null, null);
    }

    private static String updatedAt(JsonNode timestamp, Long receivedAt) {
        Instant instant;
        if (timestamp.isTextual()) {
            instant = OffsetDateTime.parse(timestamp.asText()).toInstant();
        } else {
            instant = receivedAt == null ? Instant.now() : Instant.ofEpochMilli(receivedAt);
        }
        return Timestamps.format(instant);
    }

    private static String clip(String text) {
        return text.length() <= 60 ? text : text.substring(0, 60) + "…";
    }
}
