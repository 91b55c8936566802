package com.cxoneflows.simulator.presence;

import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a correct client holds after every update the simulator has written to a socket: per user, the fields of
 * the updates applied in sequence order (absent fields unchanged, {@code null} cleared), a stale update (sequence
 * not above the last applied) dropped. Tests compare the product's dashboard with it; with several subscribers
 * it is what the union of their frames says.
 */
final class PresenceTruth {

    private static final class Known {
        private final Map<String, Object> fields = new LinkedHashMap<>();
        private long sequence;
        private String timestamp;
    }

    private final Map<String, Known> users = new TreeMap<>();

    /** Takes a frame as it is written; anything but an update is not its business. */
    synchronized void written(String frame) {
        if (!frame.startsWith("{\"type\":\"presence.update\"")) {
            return;
        }
        JsonObject update = new JsonObject(frame);
        JsonObject payload = update.getJsonObject("payload");
        if (!(update.getValue("sequence") instanceof Number number) || payload == null || payload.getString("userId") == null) {
            return; // a malformed frame (the fault) that no correct client applies
        }
        long sequence = number.longValue();
        Known user = users.computeIfAbsent(payload.getString("userId"), id -> new Known());
        if (sequence <= user.sequence) {
            return;
        }
        user.sequence = sequence;
        user.timestamp = payload.getString("timestamp");
        payload.forEach(field -> {
            if (!field.getKey().equals("userId") && !field.getKey().equals("timestamp")) {
                user.fields.put(field.getKey(), field.getValue());
            }
        });
    }

    /** {@code {"users":[{"userId","status","queueName","wrapUpCode",…,"sequence","timestamp"}]}}, sorted by user id. */
    synchronized Map<String, Object> toMap() {
        List<Map<String, Object>> rows = new ArrayList<>();
        users.forEach((id, user) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("userId", id);
            row.put(PresenceWorld.STATUS, null);
            row.put(PresenceWorld.QUEUE, null);
            row.put(PresenceWorld.WRAP_UP, null);
            row.putAll(user.fields);
            row.put("sequence", user.sequence);
            row.put("timestamp", user.timestamp);
            rows.add(row);
        });
        return Map.of("users", rows);
    }
}
