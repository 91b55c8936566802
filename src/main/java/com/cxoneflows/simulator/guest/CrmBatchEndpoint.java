package com.cxoneflows.simulator.guest;

import com.cxoneflows.simulator.AdminInput;
import com.cxoneflows.simulator.Recent;
import com.cxoneflows.simulator.SimulatorContext;
import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Contract §9's CRM, the customer's own system: {@code POST /crm/v1/batches} takes a JSON array of
 * {@code {"external_id","fingerprint","last_message","queued_at"}}. The fault target {@code crm} comes first;
 * then a body that is not an array, or a record without a non-blank string {@code external_id}, is refused
 * whole with 400; else {@code 200 {"accepted":n}}. Records are kept by {@code external_id}, so a retried batch
 * replaces rather than doubles them. Each call is kept with whether it carried an {@code Authorization} header
 * (never the header's value); the last 100,000 batches and records are kept ({@link Recent}).
 * {@code GET /_sim/crm/batches} answers
 * {@code {"batches":[{"atMillis","size","authorized","status"}],"records":{"<external_id>":{…}}}}.
 */
final class CrmBatchEndpoint {

    static final String PATH = "/crm/v1/batches";

    private final SimulatorContext sim;
    private final Deque<Map<String, Object>> batches = new ArrayDeque<>();
    private final Map<String, JsonNode> records = Recent.map();

    CrmBatchEndpoint(SimulatorContext sim) {
        this.sim = sim;
    }

    void mount(Router router) {
        router.post(PATH).handler(ctx -> {
            long at = sim.clock().millis();
            boolean authorized = ctx.request().getHeader("Authorization") != null;
            JsonNode body = SimulatorContext.jsonBody(ctx);
            int size = body != null && body.isArray() ? body.size() : 0;
            ctx.addEndHandler(ended -> called(at, size, authorized, ended.succeeded() ? ctx.response().getStatusCode() : 0));
            sim.faultFirst(ctx, "crm", () -> accept(ctx, body));
        });
        router.get("/_sim/crm/batches").handler(ctx -> {
            Map<String, Object> answer = new LinkedHashMap<>();
            synchronized (this) {
                answer.put("batches", List.copyOf(batches));
                answer.put("records", new LinkedHashMap<>(records));
            }
            AdminInput.ok(ctx, answer);
        });
    }

    private void accept(RoutingContext ctx, JsonNode body) {
        String problem = problem(body);
        if (problem != null) {
            sim.end(ctx, 400, SimulatorContext.json(Map.of("error", "bad_batch", "reason", problem)), Map.of());
            return;
        }
        synchronized (this) {
            body.forEach(record -> records.put(record.get("external_id").asText(), record));
        }
        sim.end(ctx, 200, SimulatorContext.json(Map.of("accepted", body.size())), Map.of("records", String.valueOf(body.size())));
    }

    /** Why the batch is refused, or null when it is fine. */
    private static String problem(JsonNode body) {
        if (body == null || !body.isArray()) {
            return "expected a JSON array of records";
        }
        for (int i = 0; i < body.size(); i++) {
            JsonNode id = body.get(i).get("external_id");
            if (id == null || !id.isTextual() || id.asText().isBlank()) {
                return "record " + i + " has no external_id";
            }
        }
        return null;
    }

    private synchronized void called(long atMillis, int size, boolean authorized, int status) {
        Map<String, Object> batch = new LinkedHashMap<>();
        batch.put("atMillis", atMillis);
        batch.put("size", size);
        batch.put("authorized", authorized);
        batch.put("status", status);
        Recent.append(batches, batch);
    }
}
