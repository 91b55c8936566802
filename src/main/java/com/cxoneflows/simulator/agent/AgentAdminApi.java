package com.cxoneflows.simulator.agent;

import com.cxoneflows.simulator.AdminInput;
import com.cxoneflows.stream.Timestamps;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The agent stream's switches under {@code /_sim/agents} (listed on {@link AgentEventSimulator}). JSON in
 * and out; input that does not fit, unknown fields included, is refused with {@code 400 {"error"}} and
 * changes nothing.
 */
final class AgentAdminApi {

    static final String BASE = "/_sim/agents";

    private static final int MAX_EVENTS_PER_SECOND = 100_000;
    private static final int MAX_GENERATE = 1_000_000;
    private static final int MAX_FAULT_COUNT = 100_000;

    private final AgentWorld world;
    private final AgentHub hub;
    private final AgentStreamConfig config;

    AgentAdminApi(AgentWorld world, AgentHub hub, AgentStreamConfig config) {
        this.world = world;
        this.hub = hub;
        this.config = config;
    }

    void mount(Router router) {
        router.post(BASE + "/config").handler(ctx -> AdminInput.answer(ctx, this::configure));
        router.get(BASE + "/ids").handler(ctx -> AdminInput.ok(ctx, Map.of("agentIds", world.ids())));
        router.post(BASE + "/generate").handler(ctx -> AdminInput.answer(ctx, this::generate));
        router.post(BASE + "/faults").handler(ctx -> AdminInput.answer(ctx, this::fault));
        router.get(BASE + "/truth").handler(ctx -> AdminInput.ok(ctx, truth()));
        router.get(BASE + "/stats").handler(ctx -> AdminInput.ok(ctx, hub.stats()));
    }

    private Object configure(JsonObject body) {
        AdminInput.allowOnly(body, Set.of("eventsPerSecond", "paused", "ackDelayMs", "pingIntervalMs"));
        Integer rate = AdminInput.whole(body, "eventsPerSecond", 0, MAX_EVENTS_PER_SECOND);
        Boolean paused = AdminInput.bool(body, "paused");
        Integer ackDelay = AdminInput.whole(body, "ackDelayMs", 0, 60_000);
        Integer pingInterval = AdminInput.whole(body, "pingIntervalMs", 10, 3_600_000);
        if (rate != null) {
            config.perSecond(rate);
        }
        if (paused != null) {
            config.paused(paused);
        }
        if (ackDelay != null) {
            config.ackDelayMs(ackDelay);
        }
        if (pingInterval != null) {
            config.pingIntervalMs(pingInterval);
            hub.restartPings(pingInterval);
        }
        return config.toMap();
    }

    private Object generate(JsonObject body) {
        AdminInput.allowOnly(body, Set.of("count"));
        long count = AdminInput.required(AdminInput.whole(body, "count", 1, MAX_GENERATE), "count");
        return Map.of("sequence", hub.generate((int) count));
    }

    private Object fault(JsonObject body) {
        Map<String, Object> subscribeFault = AdminInput.subscribeFault(body, hub.faults(), "rejected by the simulator",
                MAX_FAULT_COUNT);
        if (subscribeFault != null) {
            return subscribeFault;
        }
        Object kind = body.getValue("kind");
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("kind", kind);
        if ("close".equals(kind)) {
            return AdminInput.armClose(body, "afterEvents", hub::closeConnections);
        } else if ("illegal".equals(kind)) {
            AdminInput.allowOnly(body, Set.of("kind", "count"));
            int count = AdminInput.count(body, MAX_FAULT_COUNT);
            answer.put("count", count);
            answer.put("sequence", hub.injectIllegal(count));
        } else if ("malformed".equals(kind)) {
            AdminInput.allowOnly(body, Set.of("kind", "count"));
            int count = AdminInput.count(body, MAX_FAULT_COUNT);
            answer.put("count", count);
            answer.put("frames", hub.sendMalformed(count));
        } else if ("duplicates".equals(kind)) {
            AdminInput.allowOnly(body, Set.of("kind", "count"));
            int count = AdminInput.count(body, AgentConnection.RECENT_FRAMES);
            answer.put("count", count);
            answer.put("connections", hub.resendRecent(count));
        } else {
            throw new IllegalArgumentException("kind must be close, reject, no-ack, illegal, malformed or duplicates");
        }
        return answer;
    }

    private Map<String, Object> truth() {
        AgentWorld.Snapshot snapshot = world.snapshot(null);
        Map<String, Object> agents = new LinkedHashMap<>();
        for (AgentWorld.AgentView agent : snapshot.agents()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("state", agent.state());
            row.put("reasonCode", agent.reasonCode());
            row.put("lastUpdated", Timestamps.format(agent.lastUpdated()));
            row.put("sequence", agent.sequence());
            agents.put(agent.agentId(), row);
        }
        Map<String, Object> truth = new LinkedHashMap<>();
        truth.put("sequence", snapshot.sequence());
        truth.put("agents", agents);
        return truth;
    }
}
