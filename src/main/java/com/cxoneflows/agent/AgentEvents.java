package com.cxoneflows.agent;

import com.cxoneflows.stream.StreamEvent;
import com.cxoneflows.stream.Timestamps;
import com.cxoneflows.ws.CxoneWsConstants;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses agent event frames into the batch the route's steps work on: one frame (the socket's {@code maxBatch} of 1)
 * or the socket's batch of {@link StreamEvent}s. Anything unreadable comes out MALFORMED with the reason, never thrown.
 */
public class AgentEvents implements Processor {

    private static final String EVENT_TYPE = "agent.state.change";

    private final ObjectMapper json;

    public AgentEvents(ObjectMapper json) {
        this.json = json;
    }

    /** The route's first step: the body becomes the batch of parsed events. */
    @Override
    public void process(Exchange exchange) {
        Message message = exchange.getMessage();
        message.setBody(parse(message.getBody(), message.getHeader(CxoneWsConstants.RECEIVED_AT, Long.class)));
    }

    List<AgentEvent> parse(Object body, Long receivedAt) {
        if (body instanceof List<?> batch) {
            List<AgentEvent> events = new ArrayList<>(batch.size());
            for (Object event : batch) {
                StreamEvent read = (StreamEvent) event;
                events.add(parse(read.data(), read.receivedAt()));
            }
            return events;
        }
        return List.of(parse((String) body, receivedAt == null ? System.currentTimeMillis() : receivedAt));
    }

    private AgentEvent parse(String frame, long received) {
        AgentEvent wellFormed = readWellFormed(frame, received);
        return wellFormed != null ? wellFormed : readTree(frame, received);
    }

    /**
     * A well-formed event read token by token, without building a tree: almost every frame is one, and the tree was
     * the largest cost of the flow's thread in a profile. Null for any other frame (not JSON, a field missing, of
     * another type or given twice, ...): {@link #readTree} then judges it exactly as before, with its reason.
     */
    private AgentEvent readWellFormed(String frame, long received) {
        try (JsonParser parser = json.getFactory().createParser(frame)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            String eventType = null;
            long sequence = -1;
            boolean sequenced = false;
            Data data = null;
            for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "eventType" -> {
                        if (eventType != null || value != JsonToken.VALUE_STRING) {
                            return null;
                        }
                        eventType = parser.getText();
                    }
                    case "sequence" -> {
                        if (sequenced || value != JsonToken.VALUE_NUMBER_INT
                                || parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                            return null;
                        }
                        sequence = parser.getLongValue();
                        sequenced = true;
                    }
                    case "data" -> {
                        if (data != null || value != JsonToken.START_OBJECT || (data = readData(parser)) == null) {
                            return null;
                        }
                    }
                    default -> parser.skipChildren();
                }
            }
            if (parser.currentToken() != JsonToken.END_OBJECT || !EVENT_TYPE.equals(eventType) || !sequenced || data == null) {
                return null;
            }
            return verified(sequence, data, frame, received);
        } catch (IOException notJson) {
            return null;
        }
    }

    /** The fields of {@code data} an event carries, the agent's id as given. */
    private record Data(String agentId, String previousState, String currentState, String timestamp, String reasonCode) {
    }

    /** The {@code data} object, as the tree reading takes it (the last of a field given twice); null unless complete. */
    private static Data readData(JsonParser parser) throws IOException {
        String agentId = null;
        String current = null;
        String previous = null;
        String timestamp = null;
        String reasonCode = null;
        for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
            String text = parser.nextToken() == JsonToken.VALUE_STRING ? parser.getText() : null;
            switch (name) {
                case "agentId" -> agentId = text;
                case "currentState" -> current = text;
                case "previousState" -> previous = text;
                case "timestamp" -> timestamp = text;
                case "reasonCode" -> reasonCode = text;
                default -> { }
            }
            parser.skipChildren();
        }
        if (agentId == null || agentId.isEmpty() || current == null || current.isEmpty()) {
            return null;
        }
        return new Data(agentId, previous, current, timestamp, reasonCode);
    }

    private AgentEvent readTree(String frame, long received) {
        JsonNode root;
        try {
            root = json.readTree(frame);
        } catch (IOException e) {
            return malformed(frame, received, "frame is not JSON");
        }
        if (!EVENT_TYPE.equals(root.path("eventType").asText())) {
            return malformed(frame, received, "unknown event type '" + root.path("eventType").asText() + "'");
        }
        JsonNode data = root.path("data");
        if (!root.path("sequence").canConvertToLong() || !root.path("sequence").isIntegralNumber()) {
            return malformed(frame, received, "no sequence");
        }
        String agentId = data.path("agentId").asText("");
        String current = data.path("currentState").asText("");
        if (agentId.isEmpty() || current.isEmpty()) {
            return malformed(frame, received, agentId.isEmpty() ? "no agentId" : "no currentState");
        }
        return verified(root.path("sequence").asLong(), new Data(agentId, text(data.path("previousState")), current,
                text(data.path("timestamp")), text(data.path("reasonCode"))), frame, received);
    }

    private static String text(JsonNode node) {
        return node.isTextual() ? node.asText() : null;
    }

    /** The event's timestamp is kept in the contract's form (the same text when it is, as the stream sends it). */
    private static AgentEvent verified(long sequence, Data data, String frame, long received) {
        String timestamp = Timestamps.utc(data.timestamp());
        return new AgentEvent(sequence, data.agentId().toLowerCase(Locale.ROOT), data.previousState(), data.currentState(),
                timestamp, data.reasonCode(), received, latency(timestamp, received), AgentEvent.Verdict.VERIFIED,
                null, null, frame);
    }

    private static long latency(String timestamp, long received) {
        long sent = timestamp == null ? -1 : Timestamps.epochMillis(timestamp);
        return sent < 0 ? -1 : Math.max(0, received - sent);
    }

    private static AgentEvent malformed(String frame, long received, String reason) {
        return new AgentEvent(-1, null, null, null, null, null, received, -1, AgentEvent.Verdict.MALFORMED, null, reason, frame);
    }
}
