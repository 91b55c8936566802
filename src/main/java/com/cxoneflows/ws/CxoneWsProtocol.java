package com.cxoneflows.ws;

import com.cxoneflows.auth.AccessToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * What is particular to one CXone WebSocket (agent events, presence, adherence, web chat): how to
 * authenticate, what to send once open, and what the server's frames mean. A bean, named in the
 * endpoint's {@code protocol} option.
 */
public interface CxoneWsProtocol {

    /** Headers of the upgrade request; by default the bearer token. */
    default Map<String, String> upgradeHeaders(AccessToken token) {
        return Map.of("Authorization", token.authorizationHeader());
    }

    /**
     * The frames to send once the socket is open (subscribe or auth); the session waits for one
     * {@link ServerFrame.Kind#ACK} per frame.
     *
     * @param onConnect the exchange returned by the endpoint's on-connect hook when it runs before subscribing
     *                  (e.g. a baseline whose sequence the subscription names), else null
     */
    List<String> openingFrames(AccessToken token, Exchange onConnect);

    /** What a text frame from the server is. */
    ServerFrame classify(String frame);

    /**
     * The frame read as JSON, for {@link #classify}; null when it is not JSON (or empty), and such a frame is still
     * an {@link ServerFrame#event() event}, for the route to count as malformed.
     */
    static JsonNode readOrNull(ObjectMapper json, String frame) {
        try {
            return json.readTree(frame);
        } catch (IOException notJson) {
            return null;
        }
    }

    /**
     * The answer to a frame that must not wait behind the route's backlog (a heartbeat the server closes the
     * socket for if its ack comes late), or null for every other frame. It runs on the socket's own event-loop
     * thread for every frame as it arrives, and a frame answered here goes no further: keep it cheap, never block.
     */
    default String immediateAnswer(String frame) {
        return null;
    }
}
