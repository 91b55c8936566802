package com.cxoneflows.simulator;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The frames one simulated stream socket sends, on its {@link OutboundFrames}: event frames are remembered (the
 * last few, for the {@code duplicates} fault) and counted towards a close armed to come after so many of them.
 */
public final class EventFrames implements SocketFaults.Closable {

    private final OutboundFrames out;
    private final int remembered;
    private final Deque<String> recent = new ArrayDeque<>();
    private int eventsUntilClose = -1;
    private OutboundFrames.Close armedClose;

    /** @param remembered how many of the last event frames {@link #resendRecent} can send again */
    public EventFrames(OutboundFrames out, int remembered) {
        this.out = out;
        this.remembered = remembered;
    }

    public synchronized boolean closing() {
        return out.closing();
    }

    /** A frame that is no event (an ack, an error, a heartbeat). */
    public synchronized void send(String frame) {
        out.send(frame);
    }

    /** Sends an event frame; false if the socket is closing and nothing went out. */
    public synchronized boolean sendEvent(String frame) {
        if (out.closing()) {
            return false;
        }
        recent.addLast(frame);
        if (recent.size() > remembered) {
            recent.removeFirst();
        }
        out.send(frame);
        if (eventsUntilClose > 0 && --eventsUntilClose == 0) {
            out.close(armedClose);
        }
        return true;
    }

    /** Queues the last {@code count} event frames once more; returns how many that was. */
    public synchronized int resendRecent(int count) {
        if (out.closing()) {
            return 0;
        }
        List<String> last = new ArrayList<>(recent);
        List<String> again = last.subList(Math.max(0, last.size() - count), last.size());
        again.forEach(out::send);
        return again.size();
    }

    @Override
    public synchronized void closeAfter(int events, int code, String reason) {
        if (out.closing()) {
            return;
        }
        if (events == 0) {
            out.close(new OutboundFrames.Close(code, reason));
        } else {
            armedClose = new OutboundFrames.Close(code, reason);
            eventsUntilClose = events;
        }
    }

    /** Closes now: what is still queued is dropped. */
    public synchronized void closeNow(int code, String reason) {
        out.closeNow(new OutboundFrames.Close(code, reason));
    }
}
