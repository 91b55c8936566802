package com.cxoneflows.simulator.guest;

import com.cxoneflows.simulator.SimulatorContext;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Contract §7's two sides. The integration socket {@code GET /webchat/v1/ws} asks the fault target
 * {@code webchat} before the upgrade, then wants {@code {"type":"auth","token"}} as its first frame
 * ({@code auth.ok}, or close {@code 4001 unauthorized}); what it sends after that is ignored. The guest socket
 * {@code GET /webchat/v1/guest} needs no token: each text frame is a {@link GuestMessage} that every
 * authenticated integration socket gets as an inbound frame, and anything else is answered on the guest socket
 * with {@code {"type":"error","reason"}} and pushed nowhere. The request log gets every upgrade ({@code 101})
 * and every auth frame (method {@code WS}: 200 admitted, 401 refused).
 */
final class WebchatEndpoint {

    static final String INTEGRATION_PATH = "/webchat/v1/ws";
    static final String GUEST_PATH = "/webchat/v1/guest";

    private static final int UNAUTHORIZED = 4001;

    private final SimulatorContext sim;
    private final WebchatHub hub;

    WebchatEndpoint(SimulatorContext sim, WebchatHub hub) {
        this.sim = sim;
        this.hub = hub;
    }

    void mount(Router router) {
        router.get(INTEGRATION_PATH).handler(sim.faultFirst("webchat", ctx -> sim.upgrade(ctx, this::openIntegration)));
        router.get(GUEST_PATH).handler(ctx -> sim.upgrade(ctx, this::openGuest));
    }

    private void openIntegration(ServerWebSocket ws) {
        IntegrationConnection connection = new IntegrationConnection(hub.nextConnectionId(), ws, Vertx.currentContext());
        sim.requests().record("GET", INTEGRATION_PATH, null, 101, null, Map.of("connection", connection.id()));
        ws.closeHandler(closed -> hub.unregister(connection));
        ws.textMessageHandler(text -> receive(connection, text));
        ws.binaryMessageHandler(binary -> receive(connection, null));
    }

    /** The first frame decides; later ones are ignored. A binary frame ({@code text} null) is never an auth frame. */
    private void receive(IntegrationConnection connection, String text) {
        if (connection.authenticated()) {
            return;
        }
        String token = authToken(text);
        Optional<String> serial = sim.tokens().validSerial(token);
        if (serial.isPresent()) {
            hub.admit(connection, token, SimulatorContext.json(Map.of("type", "auth.ok")));
            record(connection, 200, serial.get(), "auth.ok");
        } else {
            connection.closeNow(UNAUTHORIZED, "unauthorized");
            record(connection, 401, sim.tokens().serialOf(token), token == null ? "not an auth frame" : "invalid token");
        }
    }

    private static String authToken(String text) {
        try {
            JsonObject frame = text == null ? null : new JsonObject(text);
            return frame != null && "auth".equals(frame.getValue("type")) && frame.getValue("token") instanceof String token
                    ? token : null;
        } catch (RuntimeException notJson) {
            return null;
        }
    }

    private void record(IntegrationConnection connection, int status, String serial, String outcome) {
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("connection", connection.id());
        detail.put("outcome", outcome);
        sim.requests().record("WS", INTEGRATION_PATH, null, status, serial, detail);
    }

    private void openGuest(ServerWebSocket ws) {
        hub.guestOpened();
        ws.closeHandler(closed -> hub.guestClosed());
        ws.textMessageHandler(text -> {
            try {
                hub.push(GuestMessage.from(new JsonObject(text)));
            } catch (RuntimeException bad) {
                ws.writeTextMessage(SimulatorContext.json(Map.of("type", "error", "reason", reason(bad))));
            }
        });
        ws.binaryMessageHandler(binary -> ws.writeTextMessage(
                SimulatorContext.json(Map.of("type", "error", "reason", "binary frames are not supported"))));
    }

    private static String reason(RuntimeException bad) {
        return bad instanceof IllegalArgumentException ? bad.getMessage() : "not a JSON object";
    }
}
