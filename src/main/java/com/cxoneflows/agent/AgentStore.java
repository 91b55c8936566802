package com.cxoneflows.agent;

import com.cxoneflows.stream.StreamState;
import com.cxoneflows.stream.Timestamps;
import com.cxoneflows.transition.TransitionMatrix;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Body;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The agents' verified states (contract §3 "settled"). A baseline is taken on every (re)connect and accepted as
 * it is, each agent carrying the baseline's sequence; a live event at or below an agent's sequence is a duplicate;
 * otherwise it is checked against the matrix from the agent's current state. An illegal event is not applied but
 * counts as seen: the agent's sequence moves to it. Kept in memory: the next baseline rebuilds it after a restart.
 * The route hands it batches: each event is judged against the state the batch's earlier events leave, exactly as if
 * they had come one by one, and a batch is applied in one go, the cursor moved once to its last sequence.
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
        stream.cursor(now);
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
                        Timestamps.utc(text(agent.path("timestamp"))), sequence));
                applied++;
            }
        }
        advance(sequence);
        return applied;
    }

    /** Judges each live event of a batch: duplicate, verified or rejected with the reason. */
    public List<AgentEvent> check(List<AgentEvent> batch) {
        List<AgentEvent> judged = new ArrayList<>(batch.size());
        Map<String, AgentStatus> afterEarlier = new HashMap<>();
        for (AgentEvent event : batch) {
            if (event.verdict() != AgentEvent.Verdict.VERIFIED) {
                judged.add(event);
                continue;
            }
            // an agent the batch left unknown (a rejected first event) maps to null here and is absent from the store
            AgentStatus earlier = afterEarlier.get(event.agentId());
            AgentStatus current = earlier != null ? earlier : agents.get(event.agentId());
            AgentEvent verdict = check(event, current);
            judged.add(verdict);
            afterEarlier.put(event.agentId(), after(current, verdict));
        }
        return judged;
    }

    private AgentEvent check(AgentEvent event, AgentStatus current) {
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

    /** Applies a judged batch: a verified event sets the state, a rejected one only moves the agent's sequence. */
    public List<AgentEvent> apply(List<AgentEvent> batch) {
        long last = -1;
        for (AgentEvent event : batch) {
            last = Math.max(last, event.sequence());
            if (event.verdict() == AgentEvent.Verdict.VERIFIED || event.verdict() == AgentEvent.Verdict.REJECTED) {
                agents.compute(event.agentId(), (id, current) -> after(current, event));
            }
        }
        if (last >= 0) {
            advance(last);
        }
        return batch;
    }

    /** An agent's status once a judged event is applied (null: still unknown); duplicates and malformed frames change nothing. */
    private static AgentStatus after(AgentStatus current, AgentEvent event) {
        return switch (event.verdict()) {
            case VERIFIED -> new AgentStatus(event.agentId(), event.currentState(), event.reasonCode(), event.timestamp(),
                    event.sequence());
            case REJECTED -> current == null
                    ? null
                    : new AgentStatus(current.agentId(), current.state(), current.reasonCode(), current.lastUpdated(),
                    event.sequence());
            default -> current;
        };
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
