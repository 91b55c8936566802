package com.cxoneflows.adherence;

import com.cxoneflows.auth.AccessToken;
import com.cxoneflows.ws.CxoneWsProtocol;
import com.cxoneflows.ws.ServerFrame;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;

import java.util.List;

/**
 * The notifications socket (contract §5): bearer on the upgrade, one subscribe naming the sequenceId the on-connect
 * hook left in its body (the last applied one, after a baseline where one was needed) and {@code resources:
 * ["adherence"]}. A {@code stale_sequence} refusal is also told to the store, so that the next connection takes a
 * baseline first.
 *
 * <p>The subscription always covers every agent ({@code agentIds: []}), and the store keeps only those of
 * {@code cxone.adherence.agent-ids}: the sequenceId is the tenant's (the baseline's is), so a subscription for some
 * agents would see holes in it that no one could tell from lost events, and the gap rule needs every sequenceId.
 */
public class AdherenceProtocol implements CxoneWsProtocol {

    private final AdherenceStore store;
    private final ObjectMapper json;

    public AdherenceProtocol(AdherenceStore store, ObjectMapper json) {
        this.store = store;
        this.json = json;
    }

    @Override
    public List<String> openingFrames(AccessToken token, Exchange onConnect) {
        if (onConnect == null || onConnect.getMessage().getBody(Long.class) == null) {
            throw new IllegalStateException("the adherence subscription needs the on-connect hook's sequenceId");
        }
        ObjectNode frame = json.createObjectNode();
        frame.put("action", "subscribe");
        ObjectNode payload = frame.putObject("payload");
        payload.put("sequenceId", onConnect.getMessage().getBody(Long.class));
        payload.putArray("resources").add("adherence");
        payload.putArray("agentIds");
        return List.of(frame.toString());
    }

    @Override
    public ServerFrame classify(String frame) {
        JsonNode root = CxoneWsProtocol.readOrNull(json, frame);
        if (root == null) {
            return ServerFrame.event();
        }
        return switch (root.path("type").asText("")) {
            case "adherence" -> ServerFrame.event();
            case "subscribe.ack" -> ServerFrame.ack();
            case "subscribe.reject", "error" -> reject(root.path("reason").asText("no reason given"));
            default -> ServerFrame.ignore();
        };
    }

    private ServerFrame reject(String reason) {
        if ("stale_sequence".equals(reason)) {
            store.staleSequence();
        }
        return ServerFrame.reject(reason);
    }
}
