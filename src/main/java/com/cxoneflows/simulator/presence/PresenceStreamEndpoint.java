package com.cxoneflows.simulator.presence;

import com.cxoneflows.simulator.AdminInput;
import com.cxoneflows.simulator.SimulatorContext;
import com.cxoneflows.simulator.SocketFaults;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Contract §4's presence socket, {@code GET /v1/streaming/presence}: the fault target {@code presence-stream} is
 * asked before the upgrade, then the bearer token (401 without a valid one). A client frame is a subscribe (answered
 * {@code subscribed}) or a {@code heartbeat.ack}; anything else, or a subscribe that does not fit, gets
 * {@code {"type":"error","reason"}} and a close with {@code 1008}. The request log gets every upgrade ({@code 101})
 * and every subscribe (method {@code WS}: 200 subscribed, 400 error, 0 not answered, the {@code no-ack} fault).
 */
final class PresenceStreamEndpoint {

    static final String PATH = "/v1/streaming/presence";

    private record Subscription(Set<String> userIds, String error) {
    }

    private final SimulatorContext sim;
    private final PresenceWorld world;
    private final PresenceHub hub;
    private final PresenceStats stats;
    private final PresenceTruth truth;

    PresenceStreamEndpoint(SimulatorContext sim, PresenceWorld world, PresenceHub hub, PresenceStats stats, PresenceTruth truth) {
        this.sim = sim;
        this.world = world;
        this.hub = hub;
        this.stats = stats;
        this.truth = truth;
    }

    void mount(Router router) {
        router.get(PATH).handler(sim.faultFirst("presence-stream", ctx -> sim.upgradeWithBearer(ctx, this::open)));
    }

    private void open(ServerWebSocket ws, HttpConnection tcp, String token, String serial) {
        PresenceConnection connection = new PresenceConnection(hub.nextConnectionId(), ws, tcp, Vertx.currentContext(),
                token, serial, stats, truth);
        sim.requests().record("GET", PATH, null, 101, serial, Map.of("connection", connection.id()));
        ws.closeHandler(closed -> hub.unregister(connection));
        ws.textMessageHandler(text -> receive(connection, text));
        ws.binaryMessageHandler(binary -> refuse(connection, "binary frames are not supported"));
        hub.register(connection);
    }

    private void receive(PresenceConnection connection, String text) {
        JsonObject frame;
        try {
            frame = new JsonObject(text);
        } catch (RuntimeException notJson) {
            refuse(connection, "not a JSON object");
            return;
        }
        Object type = frame.getValue("type");
        if ("heartbeat.ack".equals(type) && frame.getValue("id") instanceof String heartbeat) {
            connection.acknowledged(heartbeat);
        } else if ("subscribe".equals(type)) {
            subscribe(connection, frame);
        } else {
            refuse(connection, "expected a subscribe or a heartbeat.ack, got type " + type);
        }
    }

    private void subscribe(PresenceConnection connection, JsonObject frame) {
        Subscription subscription = read(frame);
        if (subscription.error() != null) {
            refuse(connection, subscription.error());
            return;
        }
        SocketFaults.SubscribeFault fault = hub.faults().nextSubscribe();
        if (fault != null && fault.unanswered()) {
            record(connection, 0, Map.of("outcome", "no-ack"));
        } else if (fault != null) {
            refuse(connection, fault.rejectReason());
        } else {
            Map<String, Object> presence = subscription.userIds() == null ? Map.of() : Map.of("userIds", subscription.userIds());
            String answer = SimulatorContext.json(Map.of("type", "subscribed", "payload", Map.of("presence", presence)));
            record(connection, 200, Map.of("outcome", "subscribed",
                    "users", subscription.userIds() == null ? "all" : String.valueOf(subscription.userIds().size())));
            hub.activate(connection, subscription.userIds(), answer);
        }
    }

    /** {@code payload.presence.userIds}: absent or null for every user, else known UUIDs, at least one. */
    private Subscription read(JsonObject frame) {
        if (!(frame.getValue("payload") instanceof JsonObject payload) || !(payload.getValue("presence") instanceof JsonObject presence)) {
            return new Subscription(null, "a subscribe needs payload.presence");
        }
        Object ids = presence.getValue("userIds");
        if (ids == null) {
            return new Subscription(null, null);
        }
        if (!(ids instanceof JsonArray array) || array.isEmpty()) {
            return new Subscription(null, "userIds must be a non-empty array; leave it out for every user");
        }
        Set<String> userIds = new LinkedHashSet<>();
        for (Object id : array) {
            if (!(id instanceof String text) || !isUuid(text)) {
                return new Subscription(null, "userIds: not a UUID: " + clip(String.valueOf(id)));
            }
            if (!world.knows(text)) {
                return new Subscription(null, "userIds: unknown user " + text);
            }
            userIds.add(text);
        }
        return new Subscription(Set.copyOf(userIds), null);
    }

    private static boolean isUuid(String text) {
        try {
            return UUID.fromString(text).toString().equals(text);
        } catch (IllegalArgumentException notUuid) {
            return false;
        }
    }

    /** Contract §4: an error frame with the reason, then a close with 1008 (the reason again, as far as it fits). */
    private void refuse(PresenceConnection connection, String reason) {
        stats.refusedFrames.incrementAndGet();
        record(connection, 400, Map.of("outcome", "error", "reason", reason));
        connection.send(SimulatorContext.json(Map.of("type", "error", "reason", reason)));
        connection.closeAfter(0, 1008, fitCloseFrame(reason));
    }

    private static String fitCloseFrame(String reason) {
        String fitted = reason;
        while (fitted.getBytes(StandardCharsets.UTF_8).length > AdminInput.MAX_CLOSE_REASON_BYTES) {
            fitted = fitted.substring(0, fitted.length() - 1);
        }
        return fitted;
    }

    private static String clip(String text) {
        return text.length() <= 60 ? text : text.substring(0, 60) + "…";
    }

    private void record(PresenceConnection connection, int status, Map<String, String> detail) {
        Map<String, String> withConnection = new LinkedHashMap<>(detail);
        withConnection.put("connection", connection.id());
        sim.requests().record("WS", PATH, null, status, connection.tokenSerial(), withConnection);
    }
}
