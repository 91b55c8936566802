package com.cxoneflows.simulator;

import java.util.Collection;

/**
 * Faults armed on a simulated stream socket interface by {@code /_sim/<world>/faults}: the next subscribes rejected
 * or left unanswered, and a close for the open sockets, or for the next one to open when none is.
 */
public final class SocketFaults {

    /** A socket a close can be armed on. */
    public interface Closable {

        /** Closes after {@code events} more event frames (0: after what is queued now). */
        void closeAfter(int events, int code, String reason);
    }

    /** A close as posted: code, reason (may be null), after how many event frames. */
    public record CloseFault(int code, String reason, int afterEvents) {
    }

    /** What an armed fault makes of the next subscribe: no answer at all, or a rejection with this reason. */
    public record SubscribeFault(boolean unanswered, String rejectReason) {
    }

    private CloseFault nextConnectionClose;
    private int rejectsLeft;
    private String rejectReason;
    private int unansweredLeft;

    /** Arms the close on every open socket, or on the next one to open if none is; returns how many it armed. */
    public synchronized int close(Collection<? extends Closable> open, CloseFault close) {
        if (open.isEmpty()) {
            nextConnectionClose = close;
        }
        open.forEach(socket -> socket.closeAfter(close.afterEvents(), close.code(), close.reason()));
        return open.size();
    }

    /** A socket opened: a close armed for the next connection hits it. */
    public synchronized void opened(Closable socket) {
        if (nextConnectionClose != null) {
            socket.closeAfter(nextConnectionClose.afterEvents(), nextConnectionClose.code(), nextConnectionClose.reason());
            nextConnectionClose = null;
        }
    }

    public synchronized void rejectNextSubscribes(int count, String reason) {
        rejectsLeft = count;
        rejectReason = reason;
    }

    public synchronized void leaveNextSubscribesUnanswered(int count) {
        unansweredLeft = count;
    }

    /** The fault that hits the next subscribe, or null when none is armed. */
    public synchronized SubscribeFault nextSubscribe() {
        if (unansweredLeft > 0) {
            unansweredLeft--;
            return new SubscribeFault(true, null);
        }
        if (rejectsLeft > 0) {
            rejectsLeft--;
            return new SubscribeFault(false, rejectReason);
        }
        return null;
    }
}
