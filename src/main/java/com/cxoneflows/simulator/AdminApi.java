package com.cxoneflows.simulator;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.util.Map;

/**
 * The simulator's own switches under {@code /_sim}, for tests and demos:
 * <ul>
 *   <li>{@code POST /_sim/faults} a {@link Fault} as JSON; {@code GET} lists; {@code DELETE ?target=} clears</li>
 *   <li>{@code GET /_sim/requests?path=} the last recorded requests; {@code DELETE} clears</li>
 *   <li>{@code POST /_sim/config} {@code {"tokenLifetimeSeconds":n}}</li>
 *   <li>{@code POST /_sim/tokens/revoke} every issued token stops working</li>
 *   <li>{@code GET /_sim/probe} a protected resource: 200 with a valid bearer token, else 401 (fault target {@code probe})</li>
 * </ul>
 */
final class AdminApi {

    private final SimulatorContext sim;

    AdminApi(SimulatorContext sim) {
        this.sim = sim;
    }

    void mount(Router router) {
        router.post("/_sim/faults").handler(this::addFault);
        router.get("/_sim/faults").handler(ctx -> ok(ctx, Map.of("faults", sim.faults().list())));
        router.delete("/_sim/faults").handler(ctx -> {
            sim.faults().clear(ctx.request().getParam("target"));
            ok(ctx, Map.of("cleared", true));
        });
        router.get("/_sim/requests").handler(ctx -> ok(ctx, Map.of("requests", sim.requests().matching(ctx.request().getParam("path")))));
        router.delete("/_sim/requests").handler(ctx -> {
            sim.requests().clear();
            ok(ctx, Map.of("cleared", true));
        });
        router.post("/_sim/config").handler(this::configure);
        router.post("/_sim/tokens/revoke").handler(ctx -> {
            sim.tokens().revokeAll();
            ok(ctx, Map.of("revoked", true));
        });
        router.get("/_sim/probe").handler(sim.faultFirst("probe", this::probe));
    }

    private void probe(RoutingContext ctx) {
        sim.requireBearer(ctx).ifPresent(serial -> sim.end(ctx, 200, SimulatorContext.json(Map.of("token", serial)), Map.of()));
    }

    private void addFault(RoutingContext ctx) {
        try {
            Fault fault = SimulatorContext.JSON.readValue(ctx.body().asString(), Fault.class);
            sim.faults().add(fault);
            ok(ctx, fault);
        } catch (Exception bad) {
            badRequest(ctx, "not a fault: " + rootMessage(bad));
        }
    }

    private void configure(RoutingContext ctx) {
        try {
            JsonObject config = ctx.body().asJsonObject();
            if (config == null) {
                badRequest(ctx, "expected a JSON object");
                return;
            }
            Long lifetime = config.getLong("tokenLifetimeSeconds");
            if (lifetime != null) {
                if (lifetime <= 0) {
                    badRequest(ctx, "tokenLifetimeSeconds must be positive");
                    return;
                }
                sim.tokens().setLifetime(Duration.ofSeconds(lifetime));
            }
            ok(ctx, Map.of("tokenLifetimeSeconds", sim.tokens().lifetime().toSeconds()));
        } catch (RuntimeException bad) {
            badRequest(ctx, "not a configuration: " + rootMessage(bad));
        }
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage()).lines().findFirst().orElse("");
    }

    private void ok(RoutingContext ctx, Object body) {
        ctx.response().putHeader("Content-Type", "application/json").end(SimulatorContext.json(body));
    }

    private void badRequest(RoutingContext ctx, String reason) {
        ctx.response().setStatusCode(400).putHeader("Content-Type", "application/json")
                .end(SimulatorContext.json(Map.of("error", reason)));
    }
}
