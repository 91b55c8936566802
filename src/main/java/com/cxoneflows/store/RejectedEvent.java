package com.cxoneflows.store;

import java.time.Instant;

/**
 * An event a flow refused (illegal transition, malformed data, unknown type), kept for engineers.
 *
 * @param subjectId the contact or agent it was about, if known
 * @param data      the start of the event's data, secrets redacted
 */
public record RejectedEvent(long id, String flow, String eventId, String subjectId, String fromState, String toState,
                            String reason, Instant recordedAt, String data) {
}
