package com.cxoneflows.simulator.agent;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * The simulated tenant's agents and the truth about them, which tests compare the flows' store with.
 * One tenant-wide sequence orders every event; an agent's {@code sequence} is that of the last event seen
 * for it, illegal ones included, because contract §3 counts an illegal live event as seen.
 */
final class AgentWorld {

    /** What the simulator knows about one agent. */
    record AgentView(String agentId, String state, String reasonCode, Instant lastUpdated, long sequence) {
    }

    /** Agents as of one tenant sequence. */
    record Snapshot(long sequence, List<AgentView> agents) {
    }

    private static final class Truth {
        private String state;
        private String reasonCode;
        private Instant lastUpdated;
        private long sequence;
    }

    private final Clock clock;
    private final List<String> ids;
    private final Map<String, Truth> truth = new LinkedHashMap<>();
    private long sequence;

    AgentWorld(int agentCount, Clock clock) {
        this.clock = clock;
        Random random = ThreadLocalRandom.current();
        List<String> states = AgentStateMatrix.states();
        Instant now = clock.instant();
        List<String> created = new ArrayList<>();
        for (int i = 0; i < agentCount; i++) {
            String id = UUID.randomUUID().toString();
            Truth agent = new Truth();
            agent.state = states.get(random.nextInt(states.size()));
            agent.reasonCode = AgentStateMatrix.reasonFor(agent.state, random);
            agent.lastUpdated = now;
            truth.put(id, agent);
            created.add(id);
        }
        this.ids = List.copyOf(created);
    }

    List<String> ids() {
        return ids;
    }

    boolean knows(String agentId) {
        return truth.containsKey(agentId);
    }

    synchronized long sequence() {
        return sequence;
    }

    /** Moves {@code count} random agents along the matrix and returns the events, in sequence order. */
    synchronized List<AgentEvent> legal(int count) {
        Random random = ThreadLocalRandom.current();
        List<AgentEvent> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            AgentEvent event = nextEvent(random, AgentStateMatrix::allowedFrom);
            Truth agent = truth.get(event.agentId());
            agent.state = event.currentState();
            agent.reasonCode = event.reasonCode();
            agent.lastUpdated = event.timestamp();
            events.add(event);
        }
        return events;
    }

    /** Events that break the matrix: the agents keep their state, but the events count as seen. */
    synchronized List<AgentEvent> illegal(int count) {
        Random random = ThreadLocalRandom.current();
        List<AgentEvent> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            events.add(nextEvent(random, AgentStateMatrix::forbiddenFrom));
        }
        return events;
    }

    /** An event of a random agent to one of {@code targetsFrom} its state, which the agent counts as seen. */
    private AgentEvent nextEvent(Random random, Function<String, List<String>> targetsFrom) {
        String id = ids.get(random.nextInt(ids.size()));
        Truth agent = truth.get(id);
        List<String> targets = targetsFrom.apply(agent.state);
        String target = targets.get(random.nextInt(targets.size()));
        AgentEvent event = new AgentEvent(++sequence, id, agent.state, target, clock.instant(),
                AgentStateMatrix.reasonFor(target, random));
        agent.sequence = event.sequence();
        return event;
    }

    /** The listed agents (unknown ids left out), or every agent when {@code agentIds} is null. */
    synchronized Snapshot snapshot(Collection<String> agentIds) {
        List<AgentView> views = new ArrayList<>();
        for (String id : agentIds == null ? ids : agentIds) {
            Truth agent = truth.get(id);
            if (agent != null) {
                views.add(new AgentView(id, agent.state, agent.reasonCode, agent.lastUpdated, agent.sequence));
            }
        }
        return new Snapshot(sequence, views);
    }
}
