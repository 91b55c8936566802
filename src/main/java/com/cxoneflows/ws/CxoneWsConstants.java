package com.cxoneflows.ws;

/**
 * Headers of the exchanges a {@code cxone-ws} consumer makes: one per stream event, in order, or one per batch of
 * events with {@code maxBatch} above 1.
 */
public final class CxoneWsConstants {

    /** The stream's name (the endpoint path). */
    public static final String STREAM = "CxoneStreamName";
    /** Number of the connection the event came on (1, 2, …): it changes at every reconnect. */
    public static final String CONNECTION = "CxoneConnection";
    /** When the frame was read, epoch milliseconds; a batch carries it per event, in its {@code StreamEvent}s. */
    public static final String RECEIVED_AT = "CxoneReceivedAt";
    /** On the on-connect hook's exchange: {@code beforeSubscribe} or {@code afterAck}. */
    public static final String HOOK_PHASE = "CxoneHookPhase";
    /**
     * Set to true by the route on an event's exchange: the consumer ends this socket once the route is done with
     * the frame and connects again at once (no backoff, no failure), running the on-connect hook and subscribing
     * anew; frames still queued from the old socket are dropped. For a protocol whose subscription names where to
     * start (adherence after a sequence gap). On a batch it is the whole exchange's: the route says which of its
     * events it took.
     */
    public static final String RESUBSCRIBE = "CxoneResubscribe";

    private CxoneWsConstants() {
    }
}
