package com.cxoneflows.simulator.adherence;

import com.cxoneflows.simulator.OutboundFrames;
import com.cxoneflows.simulator.SimulatorContext;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.Router;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Contract §5's notifications socket, {@code GET /notifications/v1/stream}: the fault target
 * {@code adherence-stream} before the upgrade, then the bearer token (401 without a valid one), then subscribe,
 * ack with the replay of what is retained after the subscription's sequenceId, and live events. The request log
 * gets every upgrade ({@code 101}) and every client frame (method {@code WS}: 200 ack, 400 reject, 0 no answer,
 * with the sequenceId asked for).
 */
final class AdherenceStreamEndpoint {

    static final String PATH = "/notifications/v1/stream";

    private final SimulatorContext sim;
    private final AdherenceWorld world;
    private final AdherenceHub hub;

    AdherenceStreamEndpoint(SimulatorContext sim, AdherenceWorld world, AdherenceHub hub) {
        this.sim = sim;
        this.world = world;
        this.hub = hub;
    }

    void mount(Router router) {
        router.get(PATH).handler(sim.faultFirst("adherence-stream", ctx -> sim.upgradeWithBearer(ctx, this::open)));
    }

    private void open(ServerWebSocket ws, HttpConnection tcp, String token, String serial) {
        OutboundFrames out = new OutboundFrames(ws, Vertx.currentContext(), ws::writeTextMessage, OutboundFrames.closer(ws, tcp));
        AdherenceConnection connection = new AdherenceConnection(hub.nextConnectionId(), token, serial, out);
        sim.requests().record("GET", PATH, null, 101, serial, Map.of("connection", connection.id()));
        ws.closeHandler(closed -> hub.unregister(connection));
        ws.textMessageHandler(text -> receive(connection, text));
        hub.register(connection);
    }

    private void receive(AdherenceConnection connection, String text) {
        hub.frameReceived();
        AdherenceSubscribe subscribe = AdherenceSubscribe.parse(text, world);
        if (subscribe.invalid() != null) {
            reject(connection, subscribe, subscribe.invalid());
            return;
        }
        String ack = SimulatorContext.json(Map.of("type", "subscribe.ack", "sequenceId", subscribe.sequenceId()));
        AdherenceHub.Decision decision = hub.subscribe(connection, subscribe.sequenceId(), subscribe.agentIds(), ack);
        switch (decision.outcome()) {
            case ACK -> record(connection, 200, subscribe, Map.of("outcome", "ack", "replayed", String.valueOf(decision.replayed())));
            case REJECT -> reject(connection, subscribe, decision.reason());
            default -> record(connection, 0, subscribe, Map.of("outcome", "no-ack"));
        }
    }

    private void reject(AdherenceConnection connection, AdherenceSubscribe subscribe, String reason) {
        record(connection, 400, subscribe, Map.of("outcome", "reject", "reason", reason));
        connection.send(SimulatorContext.json(Map.of("type", "subscribe.reject", "reason", reason)));
    }

    private void record(AdherenceConnection connection, int status, AdherenceSubscribe subscribe, Map<String, String> detail) {
        Map<String, String> withConnection = new LinkedHashMap<>(detail);
        withConnection.put("connection", connection.id());
        withConnection.put("sequenceId", String.valueOf(subscribe.sequenceId()));
        sim.requests().record("WS", PATH, null, status, connection.tokenSerial(), withConnection);
    }
}
