package com.cxoneflows.adherence;

import com.cxoneflows.auth.AccessToken;
import com.cxoneflows.ws.CxoneWsProtocol;
import com.cxoneflows.ws.ServerFrame;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;

import java.io.IOException;
import java.util.List;

/**
 * The notifications socket (contract §5): bearer on the upgrade, one subscribe naming the sequenceId the on-connect
 * hook left in its body (the last applied one, after a baseline where one was needed), {@code resources:
 * ["adherence"]} and the followed agents (an empty list: all). A {@code stale_sequence} refusal is also told to the
 * store, so that the next connection takes a baseline first.
 */
public class AdherenceProtocol implements CxoneWsProtocol {

    private final List<String> agentIds;
    private final AdherenceStore store;
    private final ObjectMapper json;

    public AdherenceProtocol(List<String> agentIds, AdherenceStore store, ObjectMapper json) {
        this.agentIds = List.copyOf(agentIds);
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
        ArrayNode ids = payload.putArray("agentIds");
        agentIds.forEach(ids::add);
        return List.of(frame.toString());
    }

    @Override
    public ServerFrame classify(String frame) {
        JsonNode root;
        try {
            root = json.readTree(frame);
        } catch (IOException notJson) {
            // a frame we cannot read is still an event for the route to count as malformed
            return ServerFrame.event();
        }
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
