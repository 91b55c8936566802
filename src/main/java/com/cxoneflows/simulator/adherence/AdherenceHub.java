package com.cxoneflows.simulator.adherence;

import com.cxoneflows.simulator.OutboundFrames.Close;
import com.cxoneflows.simulator.TokenIssuer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the notifications sockets share: the retained events (the last {@code retention}), the open connections,
 * the armed faults and the counters. One lock covers making events, retaining them and handing them out, and
 * answering a subscribe: a subscription's replay ends exactly where its live events begin.
 */
final class AdherenceHub {

    /** How a subscribe is answered: an ack, a reject with its reason, or nothing at all. */
    enum Outcome { ACK, REJECT, NO_ANSWER }

    record Decision(Outcome outcome, String reason, int replayed) {
    }

    private final AdherenceWorld world;
    private final Deque<AdherenceWorld.Change> retained = new ArrayDeque<>();
    private final List<AdherenceConnection> open = new ArrayList<>();
    private int retention;
    private Close nextConnectionClose;
    private int nextConnectionCloseAfter;
    private int withholdLeft;
    private int rejectsLeft;
    private String rejectReason;
    private int unansweredLeft;
    private long connectionSerial;
    private long eventsGenerated;
    private long withheld;
    private long duplicatesSent;
    private long replayed;
    private long subscribeFrames;
    private long acks;
    private long staleRejections;
    private long baselinesServed;

    AdherenceHub(AdherenceWorld world, int retention) {
        this.world = world;
        this.retention = retention;
    }

    synchronized String nextConnectionId() {
        return "adh-" + ++connectionSerial;
    }

    /** A socket is open; a close armed for the next connection hits it. */
    synchronized void register(AdherenceConnection connection) {
        open.add(connection);
        if (nextConnectionClose != null) {
            connection.closeAfter(nextConnectionCloseAfter, nextConnectionClose);
            nextConnectionClose = null;
        }
    }

    synchronized void unregister(AdherenceConnection connection) {
        open.remove(connection);
    }

    /** Makes {@code count} changes, retains them and sends them to the subscribers; returns the sequenceId. */
    synchronized long generate(int count) {
        for (AdherenceWorld.Change change : world.next(count)) {
            retained.addLast(change);
            if (withholdLeft > 0) {
                // a gap: the socket never carries it, the log and the baseline do
                withholdLeft--;
                withheld++;
            } else {
                open.forEach(connection -> connection.live(change));
            }
        }
        trim();
        eventsGenerated += count;
        return world.sequenceId();
    }

    /** The baseline of contract §5: every agent as of the current sequenceId. */
    synchronized AdherenceWorld.Snapshot baseline() {
        baselinesServed++;
        return world.snapshot();
    }

    synchronized void frameReceived() {
        subscribeFrames++;
    }

    /**
     * Answers a valid subscribe: armed faults first; then a sequenceId whose successors are not all retained (older
     * than retention, or one this server never gave out) is {@code stale_sequence}; else the ack and the replay.
     */
    synchronized Decision subscribe(AdherenceConnection connection, long sequenceId, Set<String> agentIds, String ack) {
        if (unansweredLeft > 0) {
            unansweredLeft--;
            return new Decision(Outcome.NO_ANSWER, null, 0);
        }
        if (rejectsLeft > 0) {
            rejectsLeft--;
            return reject(rejectReason);
        }
        long head = world.sequenceId();
        long floor = retained.isEmpty() ? head : retained.peekFirst().sequenceId() - 1;
        if (sequenceId < floor || sequenceId > head) {
            return reject("stale_sequence");
        }
        List<AdherenceWorld.Change> after = retained.stream().filter(change -> change.sequenceId() > sequenceId).toList();
        int sent = connection.subscribe(agentIds, ack, after);
        replayed += sent;
        acks++;
        return new Decision(Outcome.ACK, null, sent);
    }

    private Decision reject(String reason) {
        if ("stale_sequence".equals(reason)) {
            staleRejections++;
        }
        return new Decision(Outcome.REJECT, reason, 0);
    }

    /** The next {@code count} events go to the log but to no socket. */
    synchronized void withholdNext(int count) {
        withholdLeft = count;
    }

    synchronized void rejectNextSubscribes(int count, String reason) {
        rejectsLeft = count;
        rejectReason = reason;
    }

    synchronized void leaveNextSubscribesUnanswered(int count) {
        unansweredLeft = count;
    }

    synchronized int resendRecent(int count) {
        for (AdherenceConnection connection : open) {
            duplicatesSent += connection.resendRecent(count);
        }
        return open.size();
    }

    /** Arms a close on every open connection, or on the next one if none is open; returns how many it armed. */
    synchronized int closeConnections(Close close, int afterEvents) {
        if (open.isEmpty()) {
            nextConnectionClose = close;
            nextConnectionCloseAfter = afterEvents;
        }
        open.forEach(connection -> connection.closeAfter(afterEvents, close));
        return open.size();
    }

    /** Closes with {@code 4001} every socket whose token has expired or was revoked. */
    synchronized void closeExpired(TokenIssuer tokens) {
        for (AdherenceConnection connection : open) {
            if (tokens.validSerial(connection.token()).isEmpty()) {
                connection.closeNow(new Close(4001, "token expired"));
            }
        }
    }

    synchronized void retain(int events) {
        retention = events;
        trim();
    }

    synchronized int retention() {
        return retention;
    }

    private void trim() {
        while (retained.size() > retention) {
            retained.removeFirst();
        }
    }

    synchronized Map<String, Object> stats() {
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("sequenceId", world.sequenceId());
        stats.put("oldestRetained", retained.isEmpty() ? null : retained.peekFirst().sequenceId());
        stats.put("eventsGenerated", eventsGenerated);
        stats.put("withheld", withheld);
        stats.put("duplicatesSent", duplicatesSent);
        stats.put("replayed", replayed);
        stats.put("baselinesServed", baselinesServed);
        stats.put("staleRejections", staleRejections);
        stats.put("subscribeFrames", subscribeFrames);
        stats.put("acks", acks);
        stats.put("connections", connectionSerial);
        stats.put("openConnections", open.size());
        return stats;
    }
}
