package com.cxoneflows.simulator.contact;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The stream faults posted to {@code POST /_sim/contacts/faults} that wait for the next connections (each
 * kind queued in the order posted, each connection taking the head of every queue), and the quiet period.
 */
final class StreamFaults {

    private static final class PendingFraming {
        private final Framing framing;
        private int connections;

        private PendingFraming(Framing framing, int connections) {
            this.framing = framing;
            this.connections = connections;
        }
    }

    private final Clock clock;
    private final Deque<Integer> drops = new ArrayDeque<>();
    private final Deque<Integer> expiries = new ArrayDeque<>();
    private final Deque<Integer> duplicates = new ArrayDeque<>();
    private final Deque<PendingFraming> framings = new ArrayDeque<>();
    private final Deque<ConnectionPlan.Raw> raws = new ArrayDeque<>();
    private volatile long quietUntil;

    StreamFaults(Clock clock) {
        this.clock = clock;
    }

    synchronized void dropAfter(int events) {
        drops.addLast(events);
    }

    synchronized void expireAfter(int events) {
        expiries.addLast(events);
    }

    synchronized void duplicate(int events) {
        duplicates.addLast(events);
    }

    synchronized void frame(Framing framing, int connections) {
        framings.addLast(new PendingFraming(framing, connections));
    }

    synchronized void raw(ConnectionPlan.Raw raw) {
        raws.addLast(raw);
    }

    void quietFor(long millis) {
        quietUntil = clock.millis() + millis;
    }

    /** While quiet, the world makes no events and connections send none, only keep-alive comments. */
    boolean quiet() {
        return clock.millis() < quietUntil;
    }

    /** What the connection opening now takes on. */
    synchronized ConnectionPlan next() {
        Framing framing = Framing.STORED;
        PendingFraming pending = framings.peekFirst();
        if (pending != null) {
            framing = pending.framing;
            if (--pending.connections == 0) {
                framings.removeFirst();
            }
        }
        return new ConnectionPlan(drops.pollFirst(), expiries.pollFirst(), duplicates.pollFirst(), framing, raws.pollFirst());
    }
}
