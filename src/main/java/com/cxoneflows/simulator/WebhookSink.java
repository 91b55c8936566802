package com.cxoneflows.simulator;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stands in for the customer's own receivers (the agent dashboard webhook, say):
 * {@code POST /_sim/webhooks/{name}} takes a JSON body and answers 200, or the next fault of target
 * {@code webhook-<name>}; {@code GET /_sim/webhooks/{name}} lists the last bodies accepted ({@link Recent}).
 */
final class WebhookSink {

    private final SimulatorContext sim;
    private final Map<String, Deque<String>> accepted = new ConcurrentHashMap<>();

    WebhookSink(SimulatorContext sim) {
        this.sim = sim;
    }

    void mount(Router router) {
        router.post("/_sim/webhooks/:name").handler(ctx -> {
            String name = ctx.pathParam("name");
            sim.faultFirst(ctx, "webhook-" + name, () -> accept(ctx, name));
        });
        router.get("/_sim/webhooks/:name").handler(ctx -> {
            List<String> bodies;
            synchronized (accepted) {
                Deque<String> received = accepted.get(ctx.pathParam("name"));
                bodies = received == null ? List.of() : List.copyOf(received);
            }
            ctx.response().putHeader("Content-Type", "application/json").end(SimulatorContext.json(Map.of("received", bodies)));
        });
    }

    private void accept(RoutingContext ctx, String name) {
        synchronized (accepted) {
            Recent.append(accepted.computeIfAbsent(name, n -> new ArrayDeque<>()), ctx.body().asString());
        }
        sim.end(ctx, 200, "{\"accepted\":true}", Map.of("webhook", name));
    }
}
