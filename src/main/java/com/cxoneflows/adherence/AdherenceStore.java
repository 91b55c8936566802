package com.cxoneflows.adherence;

import com.cxoneflows.store.CommitSchedule;
import com.cxoneflows.store.RejectedEvent;
import com.cxoneflows.stream.StreamState;
import com.cxoneflows.stream.Timestamps;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Body;
import org.apache.camel.spi.ExecutorServiceManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The agents' adherence and the sequence discipline of contract §5. The last applied {@code sequenceId} is the
 * stream's cursor: an event at or below it is a duplicate, the one right after it is applied, one further on is a
 * gap that only a baseline can cover. A baseline replaces every agent, its rows carrying its sequenceId. The
 * agents and the sequenceId are committed together ({@link AdherenceTable}), grouped by a {@link CommitSchedule};
 * a crash loses at most the open group, whose events the server replays after the committed sequenceId. Every
 * agent is held in memory (a tenant's agents, not its contacts) and read back at start.
 */
public class AdherenceStore {

    static final String FLOW = "adherence";
    private static final Logger LOG = LoggerFactory.getLogger(AdherenceStore.class);

    private final AdherenceTable table;
    private final Set<String> followed;
    private final StreamState stream;
    private final AdherenceMeters meters;
    private final CommitSchedule schedule;
    private final ExecutorServiceManager executors;
    private final ObjectMapper json;
    private final Clock clock;

    private final Map<String, AdherenceAgent> agents = new TreeMap<>();
    /** The last applied sequenceId, from an event or a baseline; -1 before the first baseline. */
    private long lastApplied = -1;
    /** Set by a gap or a {@code stale_sequence} refusal: the next subscription starts from a new baseline. */
    private boolean baselineWanted;
    /** The open group: agents changed since the last commit, and the events refused meanwhile. */
    private final Map<String, AdherenceAgent> changed = new LinkedHashMap<>();
    private final List<RejectedEvent> rejected = new ArrayList<>();

    /** @param followed the agents to keep; empty for every agent */
    AdherenceStore(AdherenceTable table, Set<String> followed, StreamState stream, MeterRegistry meterRegistry,
                   CommitSchedule schedule, ExecutorServiceManager executors, ObjectMapper json, Clock clock) {
        this.table = table;
        this.followed = Set.copyOf(followed);
        this.stream = stream;
        this.meters = new AdherenceMeters(meterRegistry, stream, this::outOfAdherence);
        this.schedule = schedule;
        this.executors = executors;
        this.json = json;
        this.clock = clock;
    }

    /** Reads back the committed agents and sequenceId, then starts the timer that commits an old group. */
    public synchronized void start() {
        AdherenceTable.Stored stored = table.load();
        agents.clear();
        agents.putAll(stored.agents());
        lastApplied = stored.sequenceId().orElse(-1L);
        if (lastApplied >= 0) {
            stream.cursor(lastApplied);
            LOG.info("Adherence store: {} agents as of sequenceId {}; the stream resumes after it", agents.size(), lastApplied);
        }
        schedule.start(executors, this, "adherence-commit", this::commitIfOld);
    }

    /** Stops the timer and commits the open group. */
    public void stop() {
        schedule.stop(executors);
        commit();
    }

    /** Whether the next subscription needs a baseline first: nothing applied yet, or after a gap or a stale refusal. */
    public synchronized boolean needsBaseline() {
        return lastApplied < 0 || baselineWanted;
    }

    /** The sequenceId the next subscription names: the last applied one. */
    public synchronized long subscriptionSequence() {
        if (lastApplied < 0) {
            throw new IllegalStateException("no adherence baseline applied yet: nothing to subscribe from");
        }
        return lastApplied;
    }

    /** The server refused the subscription's sequenceId as older than its retention. */
    public synchronized void staleSequence() {
        meters.staleRejections.incrementAndGet();
        baselineWanted = true;
        LOG.info("Adherence: sequenceId {} is no longer retained by the server (stale_sequence): taking a baseline", lastApplied);
    }

    /**
     * Applies a baseline {@code {"sequenceId","agents":[…]}}: every agent is replaced, each carrying its sequenceId, in
     * one transaction with the cursor. A baseline older than what is applied already is not applied (it would undo
     * applied events); the subscription then names the applied sequenceId and the server replays what followed it.
     */
    public synchronized void applyBaseline(@Body String baseline) throws IOException {
        JsonNode root = json.readTree(baseline);
        if (root == null || !root.path("sequenceId").isIntegralNumber()) {
            throw new IllegalArgumentException("adherence baseline without a sequenceId");
        }
        long sequenceId = root.path("sequenceId").asLong();
        meters.baselines.incrementAndGet();
        baselineWanted = false;
        if (sequenceId < lastApplied) {
            LOG.info("Adherence baseline at sequenceId {} is older than the applied {}: kept the applied state", sequenceId,
                    lastApplied);
            return;
        }
        commit();
        String now = Timestamps.format(clock.instant());
        Map<String, AdherenceAgent> replaced = new TreeMap<>();
        for (JsonNode row : root.path("agents")) {
            String agentId = row.path("agentId").asText("");
            if (agentId.isEmpty() || !row.path("inAdherence").isBoolean() || !follows(agentId)) {
                continue;
            }
            AdherenceAgent before = agents.getOrDefault(agentId, AdherenceAgent.first(agentId));
            replaced.put(agentId, before.changed(text(row.path("scheduledState")), text(row.path("actualState")),
                    row.path("inAdherence").asBoolean(), now, sequenceId));
        }
        table.replace(replaced.values(), sequenceId);
        // what the open group changed is superseded by the baseline; refused events it holds still go in
        changed.clear();
        if (rejected.isEmpty()) {
            schedule.committed();
        }
        agents.clear();
        agents.putAll(replaced);
        lastApplied = sequenceId;
        stream.cursor(sequenceId);
        LOG.info("Adherence baseline applied: {} agents as of sequenceId {}", replaced.size(), sequenceId);
    }

    /** Judges an event against the last applied sequenceId. */
    public synchronized AdherenceEvent check(AdherenceEvent event) {
        if (event.verdict() != AdherenceEvent.Verdict.APPLY) {
            return event;
        }
        if (event.sequenceId() <= lastApplied) {
            return event.judged(AdherenceEvent.Verdict.DUPLICATE, "sequenceId " + event.sequenceId() + " already applied (last "
                    + lastApplied + ")");
        }
        if (event.sequenceId() > lastApplied + 1) {
            return event.judged(AdherenceEvent.Verdict.GAP, "sequenceId " + event.sequenceId() + " follows " + lastApplied);
        }
        return event;
    }

    /** A gap: counted, said once, and the next subscription starts from a baseline (the route then resubscribes). */
    public synchronized void recordGap(AdherenceEvent event) {
        meters.gaps.incrementAndGet();
        baselineWanted = true;
        LOG.warn("Adherence: sequence gap, last applied {} then {}: taking a baseline and subscribing again from it",
                lastApplied, event.sequenceId());
    }

    /**
     * Applies a judged event: the agent's new state and the sequenceId move in the open group; a duplicate is counted;
     * a malformed event is counted and kept, and does not move the sequenceId (if it had one, the next event shows a
     * gap and a baseline covers it). Commits the group when it is due.
     */
    public synchronized AdherenceEvent apply(AdherenceEvent event) {
        switch (event.verdict()) {
            case APPLY -> {
                if (follows(event.agentId())) {
                    AdherenceAgent before = agents.getOrDefault(event.agentId(), AdherenceAgent.first(event.agentId()));
                    AdherenceAgent after = before.changed(event.scheduledState(), event.actualState(), event.inAdherence(),
                            event.timestamp() != null ? event.timestamp() : Timestamps.format(clock.instant()), event.sequenceId());
                    agents.put(after.agentId(), after);
                    changed.put(after.agentId(), after);
                }
                lastApplied = event.sequenceId();
                meters.events.incrementAndGet();
                stream.cursor(lastApplied);
            }
            case DUPLICATE -> stream.duplicate();
            case MALFORMED -> {
                stream.malformed();
                rejected.add(new RejectedEvent(0, FLOW, event.sequenceId() < 0 ? null : String.valueOf(event.sequenceId()),
                        null, null, null, event.reason(), clock.instant(), event.rawFrame()));
                LOG.debug("Malformed adherence event: {}", event.reason());
            }
            default -> throw new IllegalArgumentException("a " + event.verdict() + " event is not applied");
        }
        if (event.verdict() != AdherenceEvent.Verdict.DUPLICATE && schedule.added()) {
            commit();
        }
        return event;
    }

    /** Commits the open group with the sequenceId it brings the stream to; on failure keeps it for the next try. */
    synchronized void commit() {
        if (schedule.pending() == 0) {
            return;
        }
        try {
            table.commit(changed.values(), rejected, lastApplied);
        } catch (RuntimeException e) {
            LOG.warn("Adherence store: commit of {} events failed, kept for the next one: {}", schedule.pending(), e.getMessage());
            return;
        }
        changed.clear();
        rejected.clear();
        schedule.committed();
    }

    private synchronized void commitIfOld() {
        if (schedule.isOld()) {
            commit();
        }
    }

    /** The last applied sequenceId (null before the first baseline) and the agents as of it. */
    public record Snapshot(Long sequenceId, List<AdherenceAgent> agents) {
    }

    /** The agents matching {@code filter}, by id, read at once with the sequenceId they are as of. */
    public synchronized Snapshot snapshot(Predicate<AdherenceAgent> filter) {
        return new Snapshot(lastApplied < 0 ? null : lastApplied, agents.values().stream().filter(filter).toList());
    }

    synchronized int outOfAdherence() {
        return (int) agents.values().stream().filter(agent -> !agent.inAdherence()).count();
    }

    private boolean follows(String agentId) {
        return followed.isEmpty() || followed.contains(agentId);
    }

    private static String text(JsonNode node) {
        return node.isTextual() ? node.asText() : null;
    }
}
