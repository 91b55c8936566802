package com.cxoneflows.simulator.agent;

import com.cxoneflows.simulator.SimulatorContext;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.Router;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Contract §3's agent-event socket, {@code GET /api/v2/events/stream}. The fault target {@code agent-stream}
 * is asked before the upgrade, so that a 503 can play a server that is down at start; then the bearer token
 * (401 without a valid one); then the subscribe protocol. The request log gets every upgrade ({@code 101}) and
 * every client frame (method {@code WS}: 200 ack, 400 reject or error, 0 when nothing was answered).
 */
final class AgentStreamEndpoint {

    static final String PATH = "/api/v2/events/stream";

    private final SimulatorContext sim;
    private final AgentWorld world;
    private final AgentHub hub;
    private final AgentStreamConfig config;

    AgentStreamEndpoint(SimulatorContext sim, AgentWorld world, AgentHub hub, AgentStreamConfig config) {
        this.sim = sim;
        this.world = world;
        this.hub = hub;
        this.config = config;
    }

    void mount(Router router) {
        router.get(PATH).handler(sim.faultFirst("agent-stream", ctx -> sim.upgradeWithBearer(ctx,
                (ws, tcp, token, serial) -> open(ws, tcp, token, serial, ctx.request().query()))));
    }

    private void open(ServerWebSocket ws, HttpConnection tcp, String token, String serial, String query) {
        AgentConnection connection = new AgentConnection(hub.nextConnectionId(), ws, tcp, Vertx.currentContext(), token, serial);
        sim.requests().record("GET", PATH, query, 101, serial, Map.of("connection", connection.id()));
        ws.closeHandler(closed -> hub.unregister(connection));
        ws.textMessageHandler(text -> receive(connection, text));
        ws.binaryMessageHandler(binary -> {
            hub.frameReceived();
            error(connection, "binary frames are not supported");
        });
        hub.register(connection, config.pingIntervalMs());
    }

    private void receive(AgentConnection connection, String text) {
        hub.frameReceived();
        SubscribeFrame frame = SubscribeFrame.parse(text, world);
        if (frame.error() != null) {
            error(connection, frame.error());
            return;
        }
        AgentHub.Decision decision = hub.subscribe(connection, frame);
        if (decision.subscriptionId() != null) {
            record(connection, 200, Map.of("outcome", "ack", "subscriptionId", decision.subscriptionId(),
                    "agents", String.valueOf(frame.agentIds().size())));
            String ack = SimulatorContext.json(Map.of("type", "subscribe.ack", "subscriptionId", decision.subscriptionId()));
            long delay = config.ackDelayMs();
            if (delay > 0) {
                sim.vertx().setTimer(delay, due -> hub.activate(connection, frame.agentIds(), ack));
            } else {
                hub.activate(connection, frame.agentIds(), ack);
            }
        } else if (decision.rejectReason() != null) {
            record(connection, 400, Map.of("outcome", "reject", "reason", decision.rejectReason()));
            connection.send(SimulatorContext.json(Map.of("type", "subscribe.reject", "reason", decision.rejectReason())));
        } else {
            record(connection, 0, Map.of("outcome", "no-ack"));
        }
    }

    private void error(AgentConnection connection, String reason) {
        record(connection, 400, Map.of("outcome", "error", "reason", reason));
        connection.send(SimulatorContext.json(Map.of("type", "error", "reason", reason)));
    }

    private void record(AgentConnection connection, int status, Map<String, String> detail) {
        Map<String, String> withConnection = new LinkedHashMap<>(detail);
        withConnection.put("connection", connection.id());
        sim.requests().record("WS", PATH, null, status, connection.tokenSerial(), withConnection);
    }
}
