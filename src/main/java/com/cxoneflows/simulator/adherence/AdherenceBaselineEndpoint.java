package com.cxoneflows.simulator.adherence;

import com.cxoneflows.simulator.SimulatorContext;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Contract §5's baseline, {@code GET /api/v2/wfm/schedules}: every agent's schedule and adherence as of the current
 * sequenceId. Bearer token required; fault target {@code adherence-baseline}; each one served is counted.
 */
final class AdherenceBaselineEndpoint {

    static final String PATH = "/api/v2/wfm/schedules";

    private final SimulatorContext sim;
    private final AdherenceHub hub;

    AdherenceBaselineEndpoint(SimulatorContext sim, AdherenceHub hub) {
        this.sim = sim;
        this.hub = hub;
    }

    void mount(Router router) {
        router.get(PATH).handler(sim.faultFirst("adherence-baseline", this::answer));
    }

    private void answer(RoutingContext ctx) {
        sim.requireBearer(ctx).ifPresent(serial -> {
            AdherenceWorld.Snapshot snapshot = hub.baseline();
            List<Map<String, Object>> agents = snapshot.agents().stream().map(AdherenceBaselineEndpoint::row).toList();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("sequenceId", snapshot.sequenceId());
            body.put("agents", agents);
            sim.end(ctx, 200, SimulatorContext.json(body), Map.of("sequenceId", String.valueOf(snapshot.sequenceId())));
        });
    }

    private static Map<String, Object> row(AdherenceWorld.AgentView agent) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("agentId", agent.agentId());
        row.put("scheduledState", agent.scheduledState());
        row.put("actualState", agent.actualState());
        row.put("inAdherence", agent.inAdherence());
        return row;
    }
}
