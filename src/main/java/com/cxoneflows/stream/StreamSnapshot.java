package com.cxoneflows.stream;

/** One row of {@code GET /api/streams}, with the spec's field names. */
public record StreamSnapshot(String name, boolean connected, String cursor, long reconnects, long events,
                             long duplicates, long invalidTransitions, long malformed, boolean stopped,
                             String lastError) {
}
