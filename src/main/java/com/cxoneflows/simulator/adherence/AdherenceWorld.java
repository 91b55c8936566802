package com.cxoneflows.simulator.adherence;

import com.cxoneflows.simulator.SimulatorContext;
import com.cxoneflows.stream.Timestamps;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The simulated tenant's schedules and what its agents actually do, and the truth tests compare the flow's store
 * with. One tenant-wide {@code sequenceId} orders every change. It starts at the simulator's start time in
 * milliseconds, so that a restarted simulator never gives out an earlier run's numbers again (at demo rates): a
 * cursor from an earlier run lies below its retention and is refused as {@code stale_sequence}.
 */
final class AdherenceWorld {

    /** What an agent may be scheduled for; "available" also covers handling a contact. */
    private static final List<String> SCHEDULED = List.of("available", "break", "lunch", "meeting", "training");
    private static final List<String> ACTUAL = List.of("available", "busy", "wrap-up", "break", "lunch", "meeting",
            "training", "offline");
    private static final List<String> WORKING = List.of("available", "busy", "wrap-up");

    /** One change of an agent's adherence, with the sequenceId it took. */
    record Change(long sequenceId, String agentId, String scheduledState, String actualState, boolean inAdherence,
                  Instant timestamp) {

        /** The notification frame of contract §5. */
        String frame() {
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("agentId", agentId);
            payload.put("scheduledState", scheduledState);
            payload.put("actualState", actualState);
            payload.put("inAdherence", inAdherence);
            payload.put("timestamp", Timestamps.format(timestamp));
            Map<String, Object> frame = new LinkedHashMap<>();
            frame.put("type", "adherence");
            frame.put("sequenceId", sequenceId);
            frame.put("payload", payload);
            return SimulatorContext.json(frame);
        }
    }

    /** One agent as of {@code sequenceId}, the sequence of the last change that touched it. */
    record AgentView(String agentId, String scheduledState, String actualState, boolean inAdherence, long sequenceId) {
    }

    /** Every agent as of one sequenceId. */
    record Snapshot(long sequenceId, List<AgentView> agents) {
    }

    private static final class Truth {
        private String scheduled;
        private String actual;
        private long sequenceId;
    }

    private final Clock clock;
    private final List<String> ids;
    private final Map<String, Truth> truth = new LinkedHashMap<>();
    private long sequenceId;

    /** @param agentIds the tenant's agents (those the agent-event stream plays too) */
    AdherenceWorld(List<String> agentIds, Clock clock) {
        this.clock = clock;
        this.ids = List.copyOf(agentIds);
        this.sequenceId = clock.millis();
        Random random = ThreadLocalRandom.current();
        for (String id : ids) {
            Truth agent = new Truth();
            agent.scheduled = pick(SCHEDULED, random);
            agent.actual = random.nextInt(4) == 0 ? pick(ACTUAL, random) : conforming(agent.scheduled, random);
            agent.sequenceId = sequenceId;
            truth.put(id, agent);
        }
    }

    boolean knows(String agentId) {
        return truth.containsKey(agentId);
    }

    synchronized long sequenceId() {
        return sequenceId;
    }

    /** Moves {@code count} random agents: mostly what they do, sometimes their schedule; in sequence order. */
    synchronized List<Change> next(int count) {
        Random random = ThreadLocalRandom.current();
        List<Change> changes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String id = ids.get(random.nextInt(ids.size()));
            Truth agent = truth.get(id);
            if (random.nextInt(5) == 0) {
                agent.scheduled = other(SCHEDULED, agent.scheduled, random);
            } else {
                // agents follow their schedule more often than not
                agent.actual = random.nextInt(3) == 0 ? other(ACTUAL, agent.actual, random) : conforming(agent.scheduled, random);
            }
            agent.sequenceId = ++sequenceId;
            changes.add(new Change(sequenceId, id, agent.scheduled, agent.actual, inAdherence(agent.scheduled, agent.actual),
                    clock.instant()));
        }
        return changes;
    }

    synchronized Snapshot snapshot() {
        List<AgentView> views = new ArrayList<>(truth.size());
        truth.forEach((id, agent) -> views.add(new AgentView(id, agent.scheduled, agent.actual,
                inAdherence(agent.scheduled, agent.actual), agent.sequenceId)));
        return new Snapshot(sequenceId, views);
    }

    private static boolean inAdherence(String scheduled, String actual) {
        return "available".equals(scheduled) ? WORKING.contains(actual) : scheduled.equals(actual);
    }

    private static String conforming(String scheduled, Random random) {
        return "available".equals(scheduled) ? pick(WORKING, random) : scheduled;
    }

    private static String other(List<String> states, String current, Random random) {
        String next = current;
        while (next.equals(current)) {
            next = pick(states, random);
        }
        return next;
    }

    private static String pick(List<String> states, Random random) {
        return states.get(random.nextInt(states.size()));
    }
}
