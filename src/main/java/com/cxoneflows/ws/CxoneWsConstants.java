package com.cxoneflows.ws;

/** Headers of the exchanges a {@code cxone-ws} consumer makes: one per stream event, in order. */
public final class CxoneWsConstants {

    /** The stream's name (the endpoint path). */
    public static final String STREAM = "CxoneStreamName";
    /** Number of the connection the event came on (1, 2, …): it changes at every reconnect. */
    public static final String CONNECTION = "CxoneConnection";
    /** When the frame was read, epoch milliseconds. */
    public static final String RECEIVED_AT = "CxoneReceivedAt";
    /** On the on-connect hook's exchange: {@code beforeSubscribe} or {@code afterAck}. */
    public static final String HOOK_PHASE = "CxoneHookPhase";

    private CxoneWsConstants() {
    }
}
