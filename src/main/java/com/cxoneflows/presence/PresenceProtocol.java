package com.cxoneflows.presence;

import com.cxoneflows.auth.AccessToken;
import com.cxoneflows.ws.CxoneWsProtocol;
import com.cxoneflows.ws.ServerFrame;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;

/**
 * The presence socket (contract §4): bearer on the upgrade, one subscribe (with {@code userIds}, or without for
 * every user) acknowledged by {@code subscribed}; heartbeats answered on the socket's own thread as they arrive,
 * never behind the updates the route has not taken yet. A bad subscribe gets an {@code error} frame, logged
 * here, and a close with 1008, on which the session stops the stream.
 */
public class PresenceProtocol implements CxoneWsProtocol {

    private static final Logger LOG = LoggerFactory.getLogger(PresenceProtocol.class);

    private final PresenceSettings settings;
    private final ObjectMapper json;
    private final PresenceMeters meters;

    public PresenceProtocol(PresenceSettings settings, ObjectMapper json, PresenceMeters meters) {
        this.settings = settings;
        this.json = json;
        this.meters = meters;
    }

    @Override
    public List<String> openingFrames(AccessToken token, Exchange onConnect) {
        ObjectNode frame = json.createObjectNode().put("type", "subscribe");
        ObjectNode presence = frame.putObject("payload").putObject("presence");
        if (!settings.userIds().isEmpty()) {
            ArrayNode ids = presence.putArray("userIds");
            settings.userIds().forEach(ids::add);
        }
        return List.of(frame.toString());
    }

    @Override
    public ServerFrame classify(String frame) {
        // not JSON (null) falls to the default: an event, for the route to count as malformed
        JsonNode root = CxoneWsProtocol.readOrNull(json, frame);
        String type = root == null ? "" : root.path("type").asText("");
        return switch (type) {
            case "subscribed" -> ServerFrame.ack();
            case "error" -> {
                LOG.warn("Presence stream: the server sent an error: {}", root.path("reason").asText("no reason given"));
                yield ServerFrame.ignore();
            }
            case "presence.update" -> ServerFrame.event();
            default -> root == null || !root.isObject() ? ServerFrame.event() : ServerFrame.ignore();
        };
    }

    /** {@code {"type":"heartbeat","id"}} → {@code {"type":"heartbeat.ack","id"}} with the same id. */
    @Override
    public String immediateAnswer(String frame) {
        if (!frame.contains("heartbeat")) {
            return null;
        }
        long arrived = System.nanoTime();
        JsonNode root = CxoneWsProtocol.readOrNull(json, frame);
        if (root == null || !"heartbeat".equals(root.path("type").asText()) || !root.path("id").isTextual()) {
            return null;
        }
        String ack = json.createObjectNode().put("type", "heartbeat.ack").put("id", root.path("id").asText()).toString();
        meters.heartbeatAcked(Duration.ofNanos(System.nanoTime() - arrived));
        return ack;
    }
}
