package com.cxoneflows.agent;

import com.cxoneflows.auth.AccessToken;
import com.cxoneflows.ws.CxoneWsProtocol;
import com.cxoneflows.ws.ServerFrame;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;

import java.io.IOException;
import java.util.List;

/** The agent-event socket (contract §3): bearer on the upgrade, one subscribe per 50 agents, ack or reject. */
public class AgentEventsProtocol implements CxoneWsProtocol {

    private static final String EVENT_PREFIX = "{\"eventType\":";

    private final AgentMonitorSettings settings;
    private final ObjectMapper json;

    public AgentEventsProtocol(AgentMonitorSettings settings, ObjectMapper json) {
        this.settings = settings;
        this.json = json;
    }

    @Override
    public List<String> openingFrames(AccessToken token, Exchange onConnect) {
        return settings.subscriptions().stream().map(this::subscribe).toList();
    }

    /** One baseline query per subscription's agents, so no request line grows past what servers accept. */
    public List<String> baselineQueries() {
        return settings.subscriptions().stream().map(ids -> "agentIds=" + String.join(",", ids)).toList();
    }

    private String subscribe(List<String> agentIds) {
        ObjectNode frame = json.createObjectNode();
        frame.put("action", "subscribe");
        frame.putArray("events").add("agent.state.change");
        ObjectNode filters = frame.putObject("filters");
        ArrayNode ids = filters.putArray("agentIds");
        agentIds.forEach(ids::add);
        ObjectNode matrix = filters.putObject("stateMatrix");
        settings.stateMatrix().asMap().forEach((from, targets) -> {
            ArrayNode to = matrix.putArray(from);
            targets.forEach(to::add);
        });
        ObjectNode thresholds = filters.putObject("alertThresholds");
        thresholds.put("maxLatencyMs", settings.maxLatencyMs());
        thresholds.put("maxUnverifiedTransitions", settings.maxUnverifiedTransitions());
        return frame.toString();
    }

    @Override
    public ServerFrame classify(String frame) {
        if (namesEventType(frame)) {
            return ServerFrame.event();
        }
        JsonNode root = CxoneWsProtocol.readOrNull(json, frame);
        if (root == null || root.has("eventType")) {
            return ServerFrame.event();
        }
        return switch (root.path("type").asText("")) {
            case "subscribe.ack" -> ServerFrame.ack();
            case "subscribe.reject", "error" -> ServerFrame.reject(root.path("reason").asText("no reason given"));
            default -> ServerFrame.ignore();
        };
    }

    /**
     * Whether the frame is a JSON object naming an {@code eventType} at its top level, read only up to that name (an
     * event's comes first): almost every frame is an event, and the route parses it fully anyway. The server's own
     * form, {@value #EVENT_PREFIX} first, is known without a parser.
     */
    private boolean namesEventType(String frame) {
        if (frame.startsWith(EVENT_PREFIX)) {
            return true;
        }
        try (JsonParser parser = json.getFactory().createParser(frame)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                if ("eventType".equals(parser.currentName())) {
                    return true;
                }
                parser.nextToken();
                parser.skipChildren();
            }
            return false;
        } catch (IOException notJson) {
            return false;
        }
    }
}
