package com.cxoneflows.simulator.presence;

import com.cxoneflows.simulator.AdminInput;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The presence stream's switches under {@code /_sim/presence} (listed on {@link PresenceSimulator}). JSON in and
 * out; input that does not fit, unknown fields included, is refused with {@code 400 {"error"}} and changes nothing.
 */
final class PresenceAdminApi {

    static final String BASE = "/_sim/presence";

    private static final int MAX_UPDATES_PER_SECOND = 100_000;
    private static final int MAX_GENERATE = 1_000_000;
    private static final int MAX_FAULT_COUNT = 100_000;
    private static final Set<String> FIELDS = Set.of(PresenceWorld.STATUS, PresenceWorld.QUEUE, PresenceWorld.WRAP_UP);

    private final PresenceWorld world;
    private final PresenceHub hub;
    private final PresenceStreamConfig config;
    private final PresenceStats stats;
    private final PresenceTruth truth;

    PresenceAdminApi(PresenceWorld world, PresenceHub hub, PresenceStreamConfig config, PresenceStats stats, PresenceTruth truth) {
        this.world = world;
        this.hub = hub;
        this.config = config;
        this.stats = stats;
        this.truth = truth;
    }

    void mount(Router router) {
        router.post(BASE + "/config").handler(ctx -> AdminInput.answer(ctx, this::configure));
        router.get(BASE + "/ids").handler(ctx -> AdminInput.ok(ctx, Map.of("userIds", world.ids())));
        router.post(BASE + "/generate").handler(ctx -> AdminInput.answer(ctx, this::generate));
        router.post(BASE + "/set").handler(ctx -> AdminInput.answer(ctx, this::set));
        router.post(BASE + "/faults").handler(ctx -> AdminInput.answer(ctx, this::fault));
        router.get(BASE + "/truth").handler(ctx -> AdminInput.ok(ctx, truth.toMap()));
        router.get(BASE + "/stats").handler(ctx -> AdminInput.ok(ctx, stats.toMap(hub.openConnections())));
    }

    private Object configure(JsonObject body) {
        AdminInput.allowOnly(body, Set.of("updatesPerSecond", "paused", "heartbeatIntervalMs", "ackDeadlineMs"));
        Integer rate = AdminInput.whole(body, "updatesPerSecond", 0, MAX_UPDATES_PER_SECOND);
        Boolean paused = AdminInput.bool(body, "paused");
        Integer interval = AdminInput.whole(body, "heartbeatIntervalMs", 10, 3_600_000);
        Integer deadline = AdminInput.whole(body, "ackDeadlineMs", 10, 3_600_000);
        if (rate != null) {
            config.perSecond(rate);
        }
        if (paused != null) {
            config.paused(paused);
        }
        if (interval != null) {
            config.heartbeatIntervalMs(interval);
        }
        if (deadline != null) {
            config.ackDeadlineMs(deadline);
        }
        return config.toMap();
    }

    /** {@code {"count","userId"?}}: that many updates at once, of random users or all of one user. */
    private Object generate(JsonObject body) {
        AdminInput.allowOnly(body, Set.of("count", "userId"));
        int count = AdminInput.required(AdminInput.whole(body, "count", 1, MAX_GENERATE), "count");
        String userId = AdminInput.text(body, "userId");
        if (userId == null) {
            hub.generate(count);
        } else {
            hub.generate(count, known(userId));
        }
        return Map.of("generated", count);
    }

    private String known(String userId) {
        if (userId == null || !world.knows(userId)) {
            throw new IllegalArgumentException("userId must be one of GET " + BASE + "/ids");
        }
        return userId;
    }

    /** {@code {"userId","status"?,"queueName"?,"wrapUpCode"?}}: those fields change now, in one update (null clears). */
    private Object set(JsonObject body) {
        AdminInput.allowOnly(body, Set.of("userId", "status", "queueName", "wrapUpCode"));
        String userId = known(AdminInput.text(body, "userId"));
        Map<String, Object> fields = new LinkedHashMap<>();
        for (String field : body.fieldNames()) {
            if (FIELDS.contains(field)) {
                fields.put(field, AdminInput.text(body, field));
            }
        }
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("set at least one of " + FIELDS);
        }
        if (fields.containsKey(PresenceWorld.STATUS) && (fields.get(PresenceWorld.STATUS) == null
                || ((String) fields.get(PresenceWorld.STATUS)).isBlank())) {
            throw new IllegalArgumentException("status cannot be cleared");
        }
        return Map.of("userId", userId, "sequence", hub.set(userId, fields));
    }

    private Object fault(JsonObject body) {
        Map<String, Object> subscribeFault = AdminInput.subscribeFault(body, hub.faults(),
                "subscription refused by the simulator", MAX_FAULT_COUNT);
        if (subscribeFault != null) {
            return subscribeFault;
        }
        Object kind = body.getValue("kind");
        if ("close".equals(kind)) {
            return AdminInput.armClose(body, "afterUpdates", hub::closeConnections);
        }
        AdminInput.allowOnly(body, Set.of("kind", "count"));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("kind", kind);
        if ("duplicates".equals(kind)) {
            int count = AdminInput.count(body, PresenceConnection.RECENT_FRAMES);
            answer.put("count", count);
            answer.put("connections", hub.resendRecent(count));
        } else if ("out-of-order".equals(kind)) {
            int count = AdminInput.count(body, MAX_FAULT_COUNT);
            answer.put("count", count);
            answer.put("staleFrames", hub.sendOutOfOrder(count));
        } else if ("outside-filter".equals(kind)) {
            int count = AdminInput.count(body, MAX_FAULT_COUNT);
            answer.put("count", count);
            answer.put("frames", hub.sendOutsideFilters(count));
        } else if ("malformed".equals(kind)) {
            int count = AdminInput.count(body, MAX_FAULT_COUNT);
            answer.put("count", count);
            answer.put("frames", hub.sendMalformed(count));
        } else {
            throw new IllegalArgumentException("kind must be close, duplicates, out-of-order, outside-filter, malformed, reject or no-ack");
        }
        return answer;
    }
}
