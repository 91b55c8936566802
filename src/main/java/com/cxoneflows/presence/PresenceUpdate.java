package com.cxoneflows.presence;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/**
 * One {@code presence.update} on its way through the flow: a delta of the user's fields (absent fields are
 * unchanged, a {@code null} value clears one).
 *
 * @param fields    the payload's fields but {@code userId} and {@code timestamp}
 * @param updatedAt the update's timestamp in UTC with milliseconds (the receipt time when it has none)
 * @param verdict   what the flow made of it; the reason says why a malformed frame is one
 * @param frame     the frame as it came, kept only for a malformed one
 */
public record PresenceUpdate(String userId, long sequence, Map<String, JsonNode> fields, String updatedAt, Verdict verdict,
                             String reason, String frame) {

    public enum Verdict {
        /** Not applied yet, and nothing against it so far. */
        FRESH,
        /** Its sequence is not above the user's last applied one: dropped. */
        STALE,
        /** A user the dashboard does not follow: ignored. */
        OUTSIDE_FILTER,
        /** Not a readable presence update: dropped. */
        MALFORMED
    }

    static PresenceUpdate malformed(String reason, String frame) {
        return new PresenceUpdate(null, -1, Map.of(), null, Verdict.MALFORMED, reason, frame);
    }

    PresenceUpdate judged(Verdict newVerdict) {
        return new PresenceUpdate(userId, sequence, fields, updatedAt, newVerdict, reason, frame);
    }
}
