package com.cxoneflows.stream;

/**
 * One row of {@code GET /api/streams}, with the spec's field names; {@code cursor} is an SSE stream's last event id
 * (text) or a socket stream's last applied sequence (a number), null where a stream has none; {@code node} is the
 * replica reading the stream in a cluster (null outside one, and while no replica reads it).
 */
public record StreamSnapshot(String name, boolean connected, Object cursor, long reconnects, long events,
                             long duplicates, long invalidTransitions, long malformed, boolean stopped,
                             String lastError, String node) {

    StreamSnapshot readBy(String readingNode) {
        return new StreamSnapshot(name, connected, cursor, reconnects, events, duplicates, invalidTransitions,
                malformed, stopped, lastError, readingNode);
    }
}
