package com.cxoneflows.simulator.agent;

import com.cxoneflows.simulator.SimulatorContext;
import com.cxoneflows.stream.Timestamps;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Contract §3's baseline, {@code GET /api/v2/agents/states?agentIds=<csv>}: the listed agents (all without
 * {@code agentIds}, unknown ones left out) as of the tenant's current sequence. Bearer token required;
 * fault target {@code agent-baseline}.
 */
final class AgentBaselineEndpoint {

    static final String PATH = "/api/v2/agents/states";

    private final SimulatorContext sim;
    private final AgentWorld world;

    AgentBaselineEndpoint(SimulatorContext sim, AgentWorld world) {
        this.sim = sim;
        this.world = world;
    }

    void mount(Router router) {
        router.get(PATH).handler(sim.faultFirst("agent-baseline", this::answer));
    }

    private void answer(RoutingContext ctx) {
        sim.requireBearer(ctx).ifPresent(serial -> {
            String csv = ctx.request().getParam("agentIds");
            List<String> ids = csv == null || csv.isBlank() ? null
                    : Arrays.stream(csv.split(",")).map(String::trim).filter(id -> !id.isEmpty()).toList();
            AgentWorld.Snapshot snapshot = world.snapshot(ids);
            List<Map<String, Object>> agents = snapshot.agents().stream().map(AgentBaselineEndpoint::row).toList();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("sequence", snapshot.sequence());
            body.put("agents", agents);
            sim.end(ctx, 200, SimulatorContext.json(body), Map.of("agents", String.valueOf(agents.size())));
        });
    }

    private static Map<String, Object> row(AgentWorld.AgentView agent) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("agentId", agent.agentId());
        row.put("state", agent.state());
        row.put("timestamp", Timestamps.format(agent.lastUpdated()));
        row.put("reasonCode", agent.reasonCode());
        return row;
    }
}
