package com.cxoneflows.deadletter;

import java.time.Instant;
import java.util.Map;

/**
 * A message a flow could not deliver, kept with what an engineer needs to judge and replay it.
 *
 * @param endpointUri where {@code replay} sends it: the entry of its flow
 * @param headers     the headers that matter, secrets removed
 * @param body        the original body, secrets redacted
 */
public record DeadLetter(long id, String flow, String endpointUri, String reason, String exceptionClass,
                         String exceptionMessage, Integer httpStatus, int attempts, Instant firstFailureAt,
                         Instant lastFailureAt, Map<String, String> headers, String body) {
}
