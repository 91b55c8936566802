package com.cxoneflows.testing;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;
import java.util.TreeMap;

/** The simulator's contact world and the product's contact store, side by side, for equality checks. */
public final class ContactTruth {

    private ContactTruth() {
    }

    /** id → "state|previousState|lastEventId|updatedAt|contact" for every contact the simulator knows. */
    public static Map<String, String> simulator(SimulatorClient sim) {
        Map<String, String> truth = new TreeMap<>();
        JsonNode contacts = Http.get(sim.baseUrl() + "/_sim/contacts/truth").json().path("contacts");
        contacts.fields().forEachRemaining(entry -> {
            JsonNode c = entry.getValue();
            truth.put(entry.getKey(), line(c.path("state").asText(), text(c.path("previousState")),
                    c.path("lastEventId").asText(), text(c.path("updatedAt")), c.path("contact")));
        });
        return truth;
    }

    /** The same view of the product's contact store, read over its API. */
    public static Map<String, String> product(String apiBase) {
        Map<String, String> store = new TreeMap<>();
        for (JsonNode c : Http.get(apiBase + "/api/contacts?limit=10000").json().path("contacts")) {
            store.put(c.path("id").asText(), line(c.path("state").asText(), text(c.path("previousState")),
                    c.path("lastEventId").asText(), text(c.path("updatedAt")), c.path("contact")));
        }
        return store;
    }

    /** The entries that differ (missing, extra or changed), at most ten, for a readable failure. */
    public static Map<String, String> differences(Map<String, String> expected, Map<String, String> actual) {
        Map<String, String> differences = new TreeMap<>();
        for (String id : expected.keySet()) {
            if (!expected.get(id).equals(actual.get(id))) {
                differences.put(id, "expected " + expected.get(id) + " but was " + actual.get(id));
            }
        }
        for (String id : actual.keySet()) {
            if (!expected.containsKey(id)) {
                differences.put(id, "unexpected " + actual.get(id));
            }
        }
        return differences.entrySet().stream().limit(10)
                .collect(TreeMap::new, (m, e) -> m.put(e.getKey(), e.getValue()), Map::putAll);
    }

    public static JsonNode stats(SimulatorClient sim) {
        return Http.get(sim.baseUrl() + "/_sim/contacts/stats").json();
    }

    private static String line(String state, String previous, String lastEventId, String updatedAt, JsonNode contact) {
        return state + "|" + previous + "|" + lastEventId + "|" + updatedAt + "|" + canonical(contact);
    }

    private static String text(JsonNode node) {
        return node.isTextual() ? node.asText() : null;
    }

    /** JSON with object fields sorted, so that field order does not matter. */
    private static String canonical(JsonNode node) {
        if (node.isObject()) {
            Map<String, String> sorted = new TreeMap<>();
            node.fields().forEachRemaining(f -> sorted.put(f.getKey(), canonical(f.getValue())));
            return sorted.toString();
        }
        return node.toString();
    }
}
