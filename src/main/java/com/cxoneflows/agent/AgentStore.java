package com.cxoneflows.agent;

import com.cxoneflows.transition.TransitionMatrix;
import com.cxoneflows.stream.StreamState;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Body;

import java.io.IOException;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The agents' verified states (contract §3 "settled"). A baseline is taken on every (re)connect and accepted as
 * it is, each agent carrying the baseline's sequence; a live event at or below an agent's sequence is a duplicate;
 * otherwise it is checked against the matrix from the agent's current state. An illegal event is not applied but
 * counts as seen: the agent's sequence moves to it. Kept in memory: the next baseline rebuilds it after a restart.
 */
public class AgentStore {

    private final TransitionMatrix matrix;
    private final ObjectMapper json;
    private final Map<String, AgentStatus> agents = new ConcurrentHashMap<>();
    private final StreamState stream;
    private final AtomicLong highest = new AtomicLong(-1);

    public AgentStore(TransitionMatrix matrix, ObjectMapper json, StreamState stream) {
        this.matrix = matrix;
        this.json = json;
        this.stream = stream;
    }

    /** The stream's cursor: the highest sequence the store reflects, from an event or a baseline. */
    private void advance(long sequence) {
        long now = highest.accumulateAndGet(sequence, Math::max);
        stream.cursor(String.valueOf(now));
    }

    /** Applies a baseline answer {@code {"sequence","agents":[…]}}; returns how many agents it set. */
    public int applyBaseline(@Body String baseline) throws IOException {
        JsonNode root = json.readTree(baseline);
        if (!root.path("sequence").isIntegralNumber()) {
            throw new IllegalArgumentException("agent baseline without a sequence");
        }
        long sequence = root.path("sequence").asLong();
        int applied = 0;
        for (JsonNode agent : root.path("agents")) {
            String id = agent.path("agentId").asText("").toLowerCase(java.util.Locale.ROOT);
            if (id.isEmpty() || !agent.path("state").isTextual()) {
                continue;
            }
            AgentStatus current = agents.get(id);
            if (current == null || current.sequence() < sequence) {
                agents.put(id, new AgentStatus(id, agent.path("state").asText(), text(agent.path("reasonCode")),
                        text(agent.path("timestamp")), sequence));
                applied++;
            }
        }
        advance(sequence);
        return applied;
    }

    /** Judges a live event: duplicate, verified or rejected with the reason. */
    public AgentEvent check(AgentEvent event) {
        if (event.verdict() != AgentEvent.Verdict.VERIFIED) {
            return event;
        }
        AgentStatus current = agents.get(event.agentId());
        if (current != null && event.sequence() <= current.sequence()) {
            return event.judged(AgentEvent.Verdict.DUPLICATE, current.state(), "sequence " + event.sequence()
                    + " already seen (last " + current.sequence() + ")");
        }
        String from = current != null ? current.state() : event.previousState();
        if (!matrix.isState(event.currentState())) {
            return event.judged(AgentEvent.Verdict.REJECTED, from, "unknown state '" + event.currentState() + "'");
        }
        if (from != null && !matrix.allows(from, event.currentState())) {
            return event.judged(AgentEvent.Verdict.REJECTED, from, "illegal transition " + from + " -> " + event.currentState());
        }
        return event.judged(AgentEvent.Verdict.VERIFIED, from, null);
    }

    /** A verified event sets the state; a rejected one only moves the agent's sequence. */
    public AgentEvent apply(AgentEvent event) {
        if (event.sequence() >= 0) {
            advance(event.sequence());
        }
        switch (event.verdict()) {
            case VERIFIED -> agents.put(event.agentId(), new AgentStatus(event.agentId(), event.currentState(),
                    event.reasonCode(), event.timestamp(), event.sequence()));
            case REJECTED -> agents.compute(event.agentId(), (id, current) -> current == null
                    ? null
                    : new AgentStatus(id, current.state(), current.reasonCode(), current.lastUpdated(), event.sequence()));
            default -> {
                // duplicates and malformed frames change nothing
            }
        }
        return event;
    }

    public Optional<AgentStatus> find(String agentId) {
        return Optional.ofNullable(agents.get(agentId.toLowerCase(java.util.Locale.ROOT)));
    }

    public Collection<AgentStatus> all() {
        return agents.values();
    }

    private static String text(JsonNode node) {
        return node.isTextual() ? node.asText() : null;
    }
}
