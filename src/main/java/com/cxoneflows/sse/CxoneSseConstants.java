package com.cxoneflows.sse;

/** Headers of the exchanges a {@code cxone-sse} consumer makes: one per event, in stream order. */
public final class CxoneSseConstants {

    /** The stream's name (the endpoint path, e.g. {@code contact-state}). */
    public static final String STREAM = "CxoneStreamName";
    /** The stream's filter as a stable key: cursors are kept per stream and filter. */
    public static final String FILTER = "CxoneStreamFilter";
    /** The SSE last event id at this event (the cursor to commit once its effect is durable). */
    public static final String EVENT_ID = "CxoneEventId";
    /** The SSE event type, or {@value #SNAPSHOT} for a snapshot taken after an invalid cursor. */
    public static final String EVENT_TYPE = "CxoneEventType";
    /** When the event was read, epoch milliseconds. */
    public static final String RECEIVED_AT = "CxoneReceivedAt";
    /** Event type of the exchange that carries a snapshot (contract §6) whose contacts replace the filter's. */
    public static final String SNAPSHOT = "snapshot";

    private CxoneSseConstants() {
    }
}
