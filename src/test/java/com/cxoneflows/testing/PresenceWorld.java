package com.cxoneflows.testing;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The simulator's presence side (contract §4) as tests and benchmarks drive and read it, and a product's presence board. */
public final class PresenceWorld {

    private final String baseUrl;

    public PresenceWorld(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public void configure(Map<String, Object> config) {
        post("/config", config);
    }

    public JsonNode fault(Map<String, Object> fault) {
        return post("/faults", fault);
    }

    /** Moves one user on {@code count} times at once. */
    public void generate(int count, String userId) {
        post("/generate", Map.of("count", count, "userId", userId));
    }

    /** Sets fields of one user now (a null value clears); returns the update's sequence. */
    public long set(Map<String, Object> fields) {
        return post("/set", fields).path("sequence").asLong();
    }

    public List<String> userIds() {
        List<String> ids = new ArrayList<>();
        Http.get(baseUrl + "/_sim/presence/ids").json().path("userIds").forEach(id -> ids.add(id.asText()));
        return ids;
    }

    public JsonNode stats() {
        return Http.get(baseUrl + "/_sim/presence/stats").json();
    }

    /** The simulator's truth in the shape of {@code /api/presence} rows ({@code timestamp} is {@code updatedAt}), by user id. */
    public Map<String, Map<String, Object>> truth() {
        Map<String, Map<String, Object>> users = new TreeMap<>();
        Http.get(baseUrl + "/_sim/presence/truth").json().path("users").forEach(user -> {
            Map<String, Object> row = rowOf(user);
            row.put("updatedAt", row.remove("timestamp"));
            users.put(user.path("userId").asText(), row);
        });
        return users;
    }

    /** A product's {@code GET /api/presence} rows by user id. */
    public static Map<String, Map<String, Object>> board(String productBaseUrl) {
        Map<String, Map<String, Object>> users = new TreeMap<>();
        Http.get(productBaseUrl + "/api/presence").json().path("users").forEach(user -> users.put(user.path("userId").asText(), rowOf(user)));
        return users;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> rowOf(JsonNode user) {
        return new TreeMap<>(Http.JSON.convertValue(user, Map.class));
    }

    private JsonNode post(String path, Map<String, Object> body) {
        Http.Response response = Http.post(baseUrl + "/_sim/presence" + path, Http.json(body));
        if (response.status() != 200) {
            throw new AssertionError("/_sim/presence" + path + " refused: " + response.body());
        }
        return response.json();
    }
}
