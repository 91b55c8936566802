package com.cxoneflows.agent;

import com.cxoneflows.stream.StreamEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Frames as the route's parse step reads them: the server's form goes through the streaming reader, every other
 * frame through the tree, and both must judge a frame exactly as the tree alone did (the last of a field given twice,
 * text that is not a string, a sequence too large, ...), with the reason of each malformed one.
 */
class AgentEventsTest {

    private static final long RECEIVED = 1_764_000_000_500L;
    private static final String TIMESTAMP = "2025-11-24T16:00:00.000Z";

    private final AgentEvents events = new AgentEvents(new ObjectMapper());

    private AgentEvent parse(String frame) {
        List<AgentEvent> batch = events.parse(List.of(new StreamEvent(null, null, frame, RECEIVED)), null);
        assertThat(batch).hasSize(1);
        return batch.get(0);
    }

    @Test
    void theServersFormIsReadWithEveryField() {
        AgentEvent event = parse("{\"eventType\":\"agent.state.change\",\"sequence\":981,\"data\":{\"agentId\":\"AB-1\","
                + "\"previousState\":\"available\",\"currentState\":\"busy\",\"timestamp\":\"" + TIMESTAMP + "\",\"reasonCode\":\"inbound-call\"}}");

        assertThat(event).isEqualTo(new AgentEvent(981, "ab-1", "available", "busy", TIMESTAMP, "inbound-call", RECEIVED, 500,
                AgentEvent.Verdict.VERIFIED, null, null, event.rawFrame()));
    }

    @Test
    void aTimestampWithAnOffsetOrAnotherPrecisionIsKeptInTheContractsForm() {
        AgentEvent event = parse("{\"eventType\":\"agent.state.change\",\"sequence\":982,\"data\":{\"agentId\":\"ab-1\","
                + "\"previousState\":\"available\",\"currentState\":\"busy\",\"timestamp\":\"2025-11-24T18:00:00.0004567+02:00\"}}");

        assertThat(event.timestamp()).isEqualTo(TIMESTAMP);
        assertThat(event.latencyMs()).isEqualTo(500);
    }

    @Test
    void anyOrderExtraFieldsAndTrailingTextReadAsTheTreeReadThem() {
        AgentEvent event = parse("{\"data\":{\"extra\":{\"a\":[1,2]},\"currentState\":\"busy\",\"agentId\":\"a\",\"agentId\":\"b\","
                + "\"previousState\":7,\"reasonCode\":null},\"sequence\":5,\"note\":[{}],\"eventType\":\"agent.state.change\"} trailing");

        assertThat(event.verdict()).isEqualTo(AgentEvent.Verdict.VERIFIED);
        assertThat(event.agentId()).isEqualTo("b");
        assertThat(event.sequence()).isEqualTo(5);
        assertThat(event.previousState()).isNull();
        assertThat(event.reasonCode()).isNull();
        assertThat(event.timestamp()).isNull();
        assertThat(event.latencyMs()).isEqualTo(-1);
    }

    @Test
    void fieldsTheStreamingReaderLeavesToTheTreeAreJudgedAsBefore() {
        assertThat(parse("{\"eventType\":\"agent.state.change\",\"sequence\":1,\"data\":{\"agentId\":42,\"currentState\":\"busy\"}}").agentId())
                .as("a number as agentId is its text").isEqualTo("42");
        assertThat(parse("{\"eventType\":\"agent.state.change\",\"sequence\":1,\"data\":{\"agentId\":\"x\"},"
                + "\"data\":{\"agentId\":\"y\",\"currentState\":\"busy\"}}").agentId()).as("the last data").isEqualTo("y");
        assertThat(parse("{\"eventType\":\"agent.state.change\",\"sequence\":1,\"sequence\":2,\"data\":{\"agentId\":\"x\","
                + "\"currentState\":\"busy\"}}").sequence()).as("the last sequence").isEqualTo(2);
    }

    @Test
    void malformedFramesKeepTheirReasons() {
        assertThat(reason("not json")).isEqualTo("frame is not JSON");
        assertThat(reason("{\"eventType\":\"agent.state.change\",\"sequence\":1,\"data\":{\"agentId\":\"x\",")).isEqualTo("frame is not JSON");
        assertThat(reason("{\"eventType\":\"other\",\"sequence\":1}")).isEqualTo("unknown event type 'other'");
        assertThat(reason("[1]")).isEqualTo("unknown event type ''");
        assertThat(reason("{\"eventType\":\"agent.state.change\",\"sequence\":\"1\",\"data\":{\"agentId\":\"x\",\"currentState\":\"busy\"}}"))
                .isEqualTo("no sequence");
        assertThat(reason("{\"eventType\":\"agent.state.change\",\"sequence\":99999999999999999999,\"data\":{\"agentId\":\"x\","
                + "\"currentState\":\"busy\"}}")).isEqualTo("no sequence");
        assertThat(reason("{\"eventType\":\"agent.state.change\",\"sequence\":1,\"data\":{\"agentId\":\"\",\"currentState\":\"busy\"}}"))
                .isEqualTo("no agentId");
        assertThat(reason("{\"eventType\":\"agent.state.change\",\"sequence\":1,\"data\":{\"agentId\":\"x\",\"currentState\":null}}"))
                .isEqualTo("no currentState");
    }

    private String reason(String frame) {
        AgentEvent event = parse(frame);
        assertThat(event.verdict()).isEqualTo(AgentEvent.Verdict.MALFORMED);
        return event.reason();
    }
}
