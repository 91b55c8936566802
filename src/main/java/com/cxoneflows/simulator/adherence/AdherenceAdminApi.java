package com.cxoneflows.simulator.adherence;

import com.cxoneflows.simulator.AdminInput;
import com.cxoneflows.simulator.OutboundFrames.Close;
import com.cxoneflows.simulator.PacedTraffic;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The adherence world's switches under {@code /_sim/adherence} (listed on {@link AdherenceSimulator}). JSON in and
 * out; input that does not fit, unknown fields included, is refused with {@code 400 {"error"}} and changes nothing.
 */
final class AdherenceAdminApi {

    static final String BASE = "/_sim/adherence";

    private static final int MAX_EVENTS_PER_SECOND = 10_000;
    private static final int MAX_GENERATE = 1_000_000;
    private static final int MAX_RETENTION = 1_000_000;
    private static final int MAX_FAULT_COUNT = 100_000;

    private final AdherenceWorld world;
    private final AdherenceHub hub;
    private final PacedTraffic traffic;

    AdherenceAdminApi(AdherenceWorld world, AdherenceHub hub, PacedTraffic traffic) {
        this.world = world;
        this.hub = hub;
        this.traffic = traffic;
    }

    void mount(Router router) {
        router.post(BASE + "/config").handler(ctx -> AdminInput.answer(ctx, this::configure));
        router.post(BASE + "/generate").handler(ctx -> AdminInput.answer(ctx, this::generate));
        router.post(BASE + "/faults").handler(ctx -> AdminInput.answer(ctx, this::fault));
        router.get(BASE + "/truth").handler(ctx -> AdminInput.ok(ctx, truth()));
        router.get(BASE + "/stats").handler(ctx -> AdminInput.ok(ctx, hub.stats()));
    }

    private Object configure(JsonObject body) {
        AdminInput.allowOnly(body, Set.of("eventsPerSecond", "paused", "retention"));
        Integer rate = AdminInput.whole(body, "eventsPerSecond", 0, MAX_EVENTS_PER_SECOND);
        Boolean paused = AdminInput.bool(body, "paused");
        Integer retention = AdminInput.whole(body, "retention", 0, MAX_RETENTION);
        if (rate != null) {
            traffic.perSecond(rate);
        }
        if (paused != null) {
            traffic.paused(paused);
        }
        if (retention != null) {
            hub.retain(retention);
        }
        Map<String, Object> config = traffic.toMap();
        config.put("retention", hub.retention());
        return config;
    }

    private Object generate(JsonObject body) {
        AdminInput.allowOnly(body, Set.of("count"));
        int count = AdminInput.required(AdminInput.whole(body, "count", 1, MAX_GENERATE), "count");
        return Map.of("sequenceId", hub.generate(count));
    }

    private Object fault(JsonObject body) {
        Object kind = body.getValue("kind");
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("kind", kind);
        if ("close".equals(kind)) {
            return AdminInput.armClose(body, "afterEvents",
                    fault -> hub.closeConnections(new Close(fault.code(), fault.reason()), fault.afterEvents()));
        } else if ("gap".equals(kind)) {
            AdminInput.allowOnly(body, Set.of("kind", "count"));
            hub.withholdNext(AdminInput.count(body, MAX_FAULT_COUNT));
        } else if ("duplicates".equals(kind)) {
            AdminInput.allowOnly(body, Set.of("kind", "count"));
            int count = Math.min(AdminInput.count(body, MAX_FAULT_COUNT), AdherenceConnection.RECENT_FRAMES);
            answer.put("connections", hub.resendRecent(count));
        } else if ("reject".equals(kind)) {
            AdminInput.allowOnly(body, Set.of("kind", "count", "reason"));
            Object reason = body.getValue("reason");
            hub.rejectNextSubscribes(AdminInput.count(body, MAX_FAULT_COUNT), reason instanceof String text ? text : "stale_sequence");
        } else if ("no-ack".equals(kind)) {
            AdminInput.allowOnly(body, Set.of("kind", "count"));
            hub.leaveNextSubscribesUnanswered(AdminInput.count(body, MAX_FAULT_COUNT));
        } else {
            throw new IllegalArgumentException("kind must be close, gap, duplicates, reject or no-ack");
        }
        return answer;
    }

    private Map<String, Object> truth() {
        AdherenceWorld.Snapshot snapshot = world.snapshot();
        Map<String, Object> agents = new LinkedHashMap<>();
        for (AdherenceWorld.AgentView agent : snapshot.agents()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("scheduledState", agent.scheduledState());
            row.put("actualState", agent.actualState());
            row.put("inAdherence", agent.inAdherence());
            row.put("sequenceId", agent.sequenceId());
            agents.put(agent.agentId(), row);
        }
        Map<String, Object> truth = new LinkedHashMap<>();
        truth.put("sequenceId", snapshot.sequenceId());
        truth.put("agents", agents);
        return truth;
    }
}
