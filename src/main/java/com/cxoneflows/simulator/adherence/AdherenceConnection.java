package com.cxoneflows.simulator.adherence;

import com.cxoneflows.simulator.OutboundFrames;
import com.cxoneflows.simulator.OutboundFrames.Close;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;

/**
 * One open notifications socket. It gets events only once subscribed, then those of its agents (all without a
 * list); everything goes through its {@link OutboundFrames}, so frames keep their order and a close comes after
 * what was queued before it.
 */
final class AdherenceConnection {

    /** How many of its last event frames a connection can send again (the {@code duplicates} fault). */
    static final int RECENT_FRAMES = 1000;

    private final String id;
    private final String token;
    private final String tokenSerial;
    private final OutboundFrames out;
    private final Deque<String> recent = new ArrayDeque<>();
    /** The subscription's agents; null for every agent. */
    private Set<String> agents;
    private boolean subscribed;
    private Close armedClose;
    private int eventsBeforeClose;

    AdherenceConnection(String id, String token, String tokenSerial, OutboundFrames out) {
        this.id = id;
        this.token = token;
        this.tokenSerial = tokenSerial;
        this.out = out;
    }

    String id() {
        return id;
    }

    String token() {
        return token;
    }

    String tokenSerial() {
        return tokenSerial;
    }

    /** A frame that is no event (ack, reject). */
    synchronized void send(String frame) {
        out.send(frame);
    }

    /** Acknowledges a subscription, replays what followed its sequenceId, and from then on takes live events. */
    synchronized int subscribe(Set<String> agentIds, String ack, List<AdherenceWorld.Change> retainedAfter) {
        agents = agentIds;
        out.send(ack);
        int replayed = 0;
        for (AdherenceWorld.Change change : retainedAfter) {
            if (event(change)) {
                replayed++;
            }
        }
        subscribed = true;
        return replayed;
    }

    /** A live event; true if it went out. */
    synchronized boolean live(AdherenceWorld.Change change) {
        return subscribed && event(change);
    }

    private boolean event(AdherenceWorld.Change change) {
        if (out.closing() || agents != null && !agents.contains(change.agentId())) {
            return false;
        }
        String frame = change.frame();
        recent.addLast(frame);
        if (recent.size() > RECENT_FRAMES) {
            recent.removeFirst();
        }
        out.send(frame);
        if (armedClose != null && --eventsBeforeClose == 0) {
            out.close(armedClose);
        }
        return true;
    }

    /** Queues its last {@code count} event frames once more; returns how many that was. */
    synchronized int resendRecent(int count) {
        if (out.closing()) {
            return 0;
        }
        List<String> again = new ArrayList<>(recent).subList(Math.max(0, recent.size() - count), recent.size());
        again.forEach(out::send);
        return again.size();
    }

    /** Closes after {@code events} more event frames, or after what is queued now (0). */
    synchronized void closeAfter(int events, Close close) {
        if (events == 0) {
            out.close(close);
        } else {
            armedClose = close;
            eventsBeforeClose = events;
        }
    }

    /** Closes now: what is still queued is dropped. */
    synchronized void closeNow(Close close) {
        out.closeNow(close);
    }
}
