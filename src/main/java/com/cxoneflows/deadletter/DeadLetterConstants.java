package com.cxoneflows.deadletter;

/** Exchange properties and headers that tie a failed exchange to its dead letter. */
public final class DeadLetterConstants {

    /** Exchange property: the flow a dead letter belongs to; defaults to the group of the route that received it. */
    public static final String FLOW = "CxoneFlow";
    /** Exchange property: where a replay sends the letter; defaults to the endpoint that received it. */
    public static final String REPLAY_URI = "CxoneReplayUri";
    /** Exchange property: the reason to record instead of the exception's message. */
    public static final String REASON = "CxoneDeadLetterReason";
    /** Exchange property set by the recorder once the exchange is in the store. */
    public static final String DEAD_LETTERED = "CxoneDeadLettered";
    /** Exchange property: when the exchange failed first. */
    public static final String FIRST_FAILURE_AT = "CxoneFirstFailureAt";
    /** Exchange property: how many deliveries failed so far. */
    public static final String FAILED_ATTEMPTS = "CxoneFailedAttempts";
    /** Header on a replayed exchange: the letter it came from, so a new failure updates that letter. */
    public static final String LETTER_ID = "CxoneDeadLetterId";

    private DeadLetterConstants() {
    }
}
