package com.cxoneflows.guest;

import com.cxoneflows.auth.AccessToken;
import com.cxoneflows.ws.CxoneWsProtocol;
import com.cxoneflows.ws.ServerFrame;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;

import java.util.List;
import java.util.Map;

/**
 * The web-chat integration socket (contract §7): no token on the upgrade; the first frame is
 * {@code {"type":"auth","token"}}, answered by {@code auth.ok} (or close 4001, which the session renews the
 * token for). Every later frame goes to the route, which tells guest messages from chatter and bad input.
 */
public class WebchatProtocol implements CxoneWsProtocol {

    /** Only a frame this short can be the {@code auth.ok}: long frames are never parsed twice. */
    private static final int MAX_CONTROL_FRAME = 256;

    private final ObjectMapper json;

    public WebchatProtocol(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public Map<String, String> upgradeHeaders(AccessToken token) {
        return Map.of();
    }

    @Override
    public List<String> openingFrames(AccessToken token, Exchange onConnect) {
        return List.of(json.createObjectNode().put("type", "auth").put("token", token.value()).toString());
    }

    @Override
    public ServerFrame classify(String frame) {
        if (frame.length() > MAX_CONTROL_FRAME) {
            return ServerFrame.event();
        }
        try {
            JsonNode root = json.readTree(frame);
            String type = root == null ? "" : root.path("type").asText("");
            return switch (type) {
                case "auth.ok" -> ServerFrame.ack();
                case "auth.error", "auth.failed" -> ServerFrame.reject(root.path("reason").asText("authentication refused"));
                default -> ServerFrame.event();
            };
        } catch (Exception notJson) {
            // bad input is the route's to count and record
            return ServerFrame.event();
        }
    }
}
