package com.cxoneflows.simulator.guest;

import com.cxoneflows.simulator.AdminInput;
import com.cxoneflows.simulator.SimulatorContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.Map;
import java.util.Set;

/**
 * Contract §8's {@code POST /api/v2/routing/conversations}. The fault target {@code task-routing} comes first
 * (429 with {@code Retry-After}, 5xx, slow answers), then the bearer token (401), then the body: not a JSON
 * object or no {@code customer.id} is {@code 400 bad_body}, a queue in {@code badQueues} is
 * {@code 400 unknown_queue}, one in {@code restrictedQueues} {@code 403 restricted_queue}, a conversation
 * ({@code customer.id}) routed before {@code 409 already_routed} with its task id; else {@code 201 {"id"}}.
 * Switches: {@code POST /_sim/routing/config} {@code {"badQueues","restrictedQueues"}} (each replaces its set;
 * answers both), {@code GET /_sim/routing/tasks} the last routed tasks and calls with their status, and
 * {@code GET /_sim/routing/stats} the calls counted by answer.
 */
final class TaskRoutingEndpoint {

    static final String PATH = "/api/v2/routing/conversations";

    private final SimulatorContext sim;
    private final RoutingLedger ledger = new RoutingLedger();

    TaskRoutingEndpoint(SimulatorContext sim) {
        this.sim = sim;
    }

    void mount(Router router) {
        router.post(PATH).handler(ctx -> {
            long at = sim.clock().millis();
            JsonNode body = SimulatorContext.jsonBody(ctx);
            String conversationId = conversationId(body);
            ctx.addEndHandler(ended -> ledger.called(conversationId, ended.succeeded() ? ctx.response().getStatusCode() : 0, at));
            sim.faultFirst(ctx, "task-routing", () -> route(ctx, body, conversationId));
        });
        router.post("/_sim/routing/config").handler(ctx -> AdminInput.answer(ctx, body -> {
            AdminInput.allowOnly(body, Set.of("badQueues", "restrictedQueues"));
            return ledger.configure(AdminInput.strings(body, "badQueues"), AdminInput.strings(body, "restrictedQueues"));
        }));
        router.get("/_sim/routing/tasks").handler(ctx -> AdminInput.ok(ctx, ledger.tasks()));
        router.get("/_sim/routing/stats").handler(ctx -> AdminInput.ok(ctx, ledger.stats()));
    }

    private void route(RoutingContext ctx, JsonNode body, String conversationId) {
        if (sim.requireBearer(ctx).isEmpty()) {
            return;
        }
        JsonNode queue = body == null ? null : body.get("queueId");
        if (conversationId == null || (queue != null && !queue.isTextual() && !queue.isNull())) {
            sim.end(ctx, 400, SimulatorContext.json(Map.of("error", "bad_body",
                    "reason", "expected a JSON object with customer.id and a string queueId")), Map.of());
            return;
        }
        String queueId = queue == null || queue.isNull() ? null : queue.asText();
        // kept as the text it came in, answered as JSON again: the ledger keeps 100,000 tasks, and a tree is several
        // times its text
        RoutingLedger.Outcome outcome = ledger.route(conversationId, queueId, new RawValue(ctx.body().asString()),
                sim.clock().instant());
        sim.end(ctx, outcome.status(), SimulatorContext.json(outcome.body()), Map.of("conversationId", conversationId));
    }

    private static String conversationId(JsonNode body) {
        JsonNode id = body == null || !body.isObject() ? null : body.path("customer").get("id");
        return id != null && id.isTextual() && !id.asText().isBlank() ? id.asText() : null;
    }
}
