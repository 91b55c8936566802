package com.cxoneflows.simulator.contact;

import java.util.Map;
import java.util.Optional;

/**
 * The one global log of SSE events, with contiguous ids. It retains the last {@code retention} events for
 * {@code Last-Event-ID} resumption; connections read it without locking by following {@link LoggedEvent#next()}.
 */
final class EventLog {

    /** The event just before the oldest retained one (the origin while nothing was dropped). */
    private LoggedEvent anchor = LoggedEvent.origin();
    private volatile LoggedEvent head = anchor;
    private int retained;
    private int retention;

    EventLog(int retention) {
        this.retention = retention;
    }

    synchronized LoggedEvent append(ContactState state, String queueId, Map<String, Object> data) {
        return link(LoggedEvent.of(nextId(), state, queueId, data));
    }

    synchronized LoggedEvent appendMalformed(String data) {
        return link(LoggedEvent.malformed(nextId(), data));
    }

    private long nextId() {
        return head.id() + 1;
    }

    private LoggedEvent link(LoggedEvent event) {
        head.link(event);
        head = event;
        retained++;
        trim();
        return event;
    }

    private void trim() {
        while (retained > retention) {
            anchor = anchor.next();
            retained--;
        }
    }

    synchronized void retain(int events) {
        retention = events;
        trim();
    }

    /** The newest event, where a live connection starts. */
    LoggedEvent head() {
        return head;
    }

    /**
     * Where a connection resumes that last saw {@code id}: empty when events after it were dropped, or when
     * the id lies ahead of the log (not an id this log gave out).
     */
    synchronized Optional<LoggedEvent> resumeAfter(long id) {
        if (id < anchor.id() || id > head.id()) {
            return Optional.empty();
        }
        LoggedEvent event = anchor;
        while (event.id() < id) {
            event = event.next();
        }
        return Optional.of(event);
    }

    /** The oldest retained event's id, or null while the log is empty. */
    synchronized Long tailId() {
        return retained == 0 ? null : anchor.id() + 1;
    }
}
