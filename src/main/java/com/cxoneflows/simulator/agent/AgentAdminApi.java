package com.cxoneflows.simulator.agent;

import com.cxoneflows.simulator.AdminInput;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

import java.nio.charset.StandardCharsets;
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
    private static final int MAX_CLOSE_REASON_BYTES = 123;

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
        Object paused = body.getValue("paused");
        if (paused != null && !(paused instanceof Boolean)) {
            throw new IllegalArgumentException("paused must be true or false");
        }
        Integer ackDelay = AdminInput.whole(body, "ackDelayMs", 0, 60_000);
        Integer pingInterval = AdminInput.whole(body, "pingIntervalMs", 10, 3_600_000);
        if (rate != null) {
            config.eventsPerSecond(rate.intValue());
        }
        if (paused != null) {
            config.paused((Boolean) paused);
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
        long count = required(AdminInput.whole(body, "count", 1, MAX_GENERATE), "count");
        return Map.of("sequence", hub.generate((int) count));
    }

    private Object fault(JsonObject body) {
        Object kind = body.getValue("kind");
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("kind", kind);
        if ("close".equals(kind)) {
            AdminInput.allowOnly(body, Set.of("kind", "code", "reason", "afterEvents"));
            int code = required(AdminInput.whole(body, "code", 1000, 4999), "code");
            if (code == 1004 || code == 1005 || code == 1015) {
                throw new IllegalArgumentException("close code " + code + " is reserved and never sent");
            }
            String reason = text(body, "reason");
            if (reason != null && reason.getBytes(StandardCharsets.UTF_8).length > MAX_CLOSE_REASON_BYTES) {
                throw new IllegalArgumentException("reason must fit a close frame (" + MAX_CLOSE_REASON_BYTES + " bytes)");
            }
            Integer after = AdminInput.whole(body, "afterEvents", 0, Integer.MAX_VALUE);
            int afterEvents = after == null ? 0 : after.intValue();
            int armed = hub.closeConnections(code, reason, afterEvents);
            answer.put("code", code);
            answer.put("reason", reason);
            answer.put("afterEvents", afterEvents);
            answer.put("armed", armed == 0 ? "next-connection" : "open-connections");
            answer.put("connections", armed);
        } else if ("reject".equals(kind)) {
            AdminInput.allowOnly(body, Set.of("kind", "count", "reason"));
            int count = count(body, MAX_FAULT_COUNT);
            String given = text(body, "reason");
            String reason = given == null ? "rejected by the simulator" : given;
            hub.rejectNextSubscribes(count, reason);
            answer.put("count", count);
            answer.put("reason", reason);
        } else if ("no-ack".equals(kind)) {
            AdminInput.allowOnly(body, Set.of("kind", "count"));
            int count = count(body, MAX_FAULT_COUNT);
            hub.leaveNextSubscribesUnanswered(count);
            answer.put("count", count);
        } else if ("illegal".equals(kind)) {
            AdminInput.allowOnly(body, Set.of("kind", "count"));
            int count = count(body, MAX_FAULT_COUNT);
            answer.put("count", count);
            answer.put("sequence", hub.injectIllegal(count));
        } else if ("duplicates".equals(kind)) {
            AdminInput.allowOnly(body, Set.of("kind", "count"));
            int count = count(body, AgentConnection.RECENT_FRAMES);
            answer.put("count", count);
            answer.put("connections", hub.resendRecent(count));
        } else {
            throw new IllegalArgumentException("kind must be close, reject, no-ack, illegal or duplicates");
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
            row.put("lastUpdated", agent.lastUpdated().toString());
            row.put("sequence", agent.sequence());
            agents.put(agent.agentId(), row);
        }
        Map<String, Object> truth = new LinkedHashMap<>();
        truth.put("sequence", snapshot.sequence());
        truth.put("agents", agents);
        return truth;
    }



    private static int required(Integer value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value;
    }

    private static int count(JsonObject body, int max) {
        Integer count = AdminInput.whole(body, "count", 1, max);
        return count == null ? 1 : count.intValue();
    }

    private static String text(JsonObject body, String field) {
        Object value = body.getValue(field);
        if (value != null && !(value instanceof String)) {
            throw new IllegalArgumentException(field + " must be a string");
        }
        return (String) value;
    }


}
