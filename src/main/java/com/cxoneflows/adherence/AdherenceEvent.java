package com.cxoneflows.adherence;

/**
 * One adherence notification on its way through the flow (contract §5).
 *
 * @param sequenceId  the tenant-wide sequence it took, or -1 when the frame has none
 * @param inAdherence null only on a malformed event
 * @param timestamp   when the agent's state changed, as the server wrote it (ISO-8601 UTC), or null
 * @param verdict     what the sequence check decided; the reason says why for anything but APPLY
 */
public record AdherenceEvent(long sequenceId, String agentId, String scheduledState, String actualState, Boolean inAdherence,
                             String timestamp, Verdict verdict, String reason, String rawFrame) {

    public enum Verdict {
        /** The next event after the last applied one. */
        APPLY,
        /** At or below the last applied sequenceId: skipped. */
        DUPLICATE,
        /** Above the last applied sequenceId + 1: the events between are missing, a baseline must cover them. */
        GAP,
        /** Not an adherence event the flow can read. */
        MALFORMED
    }

    public AdherenceEvent judged(Verdict newVerdict, String why) {
        return new AdherenceEvent(sequenceId, agentId, scheduledState, actualState, inAdherence, timestamp, newVerdict, why,
                rawFrame);
    }
}
