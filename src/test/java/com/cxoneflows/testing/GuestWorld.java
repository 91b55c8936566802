package com.cxoneflows.testing;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The simulator's web-chat, Task Routing and CRM sides (contract §7–§9), as tests drive and read them. */
public final class GuestWorld {

    private final String baseUrl;

    public GuestWorld(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** A guest message as the guest socket takes it; {@code queueId} may be null. */
    public static Map<String, Object> message(String conversationId, String fingerprint, String text, String queueId) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("conversationId", conversationId);
        message.put("fingerprint", fingerprint);
        message.put("text", text);
        if (queueId != null) {
            message.put("queueId", queueId);
        }
        return message;
    }

    public void send(List<Map<String, Object>> messages) {
        post("/_sim/guests/send", Map.of("messages", messages));
    }

    /** Raw frames, pushed verbatim to the integration socket. */
    public void sendFrames(List<String> frames) {
        post("/_sim/guests/send", Map.of("frames", frames));
    }

    public void queues(List<String> bad, List<String> restricted) {
        post("/_sim/routing/config", Map.of("badQueues", bad, "restrictedQueues", restricted));
    }

    /** Routed tasks by conversation id (the simulator answers 409 to a second routing, so one each). */
    public Map<String, JsonNode> tasks() {
        Map<String, JsonNode> tasks = new LinkedHashMap<>();
        routing().path("tasks").forEach(task -> tasks.put(task.path("conversationId").asText(), task));
        return tasks;
    }

    /** Every Task Routing call of a conversation, oldest first: {@code {"status","atMillis"}}. */
    public List<JsonNode> calls(String conversationId) {
        List<JsonNode> calls = new ArrayList<>();
        routing().path("calls").forEach(call -> {
            if (call.path("conversationId").asText().equals(conversationId)) {
                calls.add(call);
            }
        });
        return calls;
    }

    public List<JsonNode> allCalls() {
        List<JsonNode> calls = new ArrayList<>();
        routing().path("calls").forEach(calls::add);
        return calls;
    }

    /** The CRM's records by external id. */
    public Map<String, JsonNode> crmRecords() {
        Map<String, JsonNode> records = new LinkedHashMap<>();
        crm().path("records").fields().forEachRemaining(entry -> records.put(entry.getKey(), entry.getValue()));
        return records;
    }

    public List<JsonNode> crmBatches() {
        List<JsonNode> batches = new ArrayList<>();
        crm().path("batches").forEach(batches::add);
        return batches;
    }

    private JsonNode routing() {
        return Http.get(baseUrl + "/_sim/routing/tasks").json();
    }

    private JsonNode crm() {
        return Http.get(baseUrl + "/_sim/crm/batches").json();
    }

    private void post(String path, Object body) {
        Http.Response response = Http.post(baseUrl + path, Http.json(body));
        if (response.status() != 200) {
            throw new AssertionError(path + " refused: " + response.body());
        }
    }
}
