package com.cxoneflows.simulator.contact;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Counters of {@code GET /_sim/contacts/stats}, so that tests can check what a client should have counted. */
final class StreamStats {

    private final AtomicLong eventsGenerated = new AtomicLong();
    private final AtomicLong malformedInjected = new AtomicLong();
    private final AtomicLong illegalInjected = new AtomicLong();
    private final AtomicLong duplicatesSent = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();

    void generated(long events) {
        eventsGenerated.addAndGet(events);
    }

    void malformed(long events) {
        malformedInjected.addAndGet(events);
    }

    void illegal(long events) {
        illegalInjected.addAndGet(events);
    }

    void duplicates(long events) {
        duplicatesSent.addAndGet(events);
    }

    void connected() {
        connections.incrementAndGet();
    }

    Map<String, Object> toMap(EventLog log) {
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("eventsGenerated", eventsGenerated.get());
        stats.put("malformedInjected", malformedInjected.get());
        stats.put("illegalInjected", illegalInjected.get());
        stats.put("duplicatesSent", duplicatesSent.get());
        stats.put("connections", connections.get());
        stats.put("logHead", EventIds.format(log.head().id()));
        Long tail = log.tailId();
        stats.put("logTail", tail == null ? null : EventIds.format(tail));
        return stats;
    }
}
