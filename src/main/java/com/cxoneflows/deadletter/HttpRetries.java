package com.cxoneflows.deadletter;

import org.apache.camel.Exchange;
import org.apache.camel.Predicate;

import java.util.Set;

/**
 * A dead-letter channel's {@code retryWhileRef}: redeliver until {@code maxAttempts} calls have failed, but
 * never a {@code 4xx} answer other than those listed as retryable, nor a message the flow cannot read (an
 * {@link IllegalArgumentException}, e.g. a hand-edited replay): both fail the same way again.
 * Attempts are counted by {@link FailureTracker}: a call a circuit breaker did not let through is no attempt.
 */
public class HttpRetries implements Predicate {

    private final int maxAttempts;
    private final Set<Integer> retryableClientErrors;

    public HttpRetries(int maxAttempts, Set<Integer> retryableClientErrors) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("max attempts must be at least 1, was " + maxAttempts);
        }
        this.maxAttempts = maxAttempts;
        this.retryableClientErrors = Set.copyOf(retryableClientErrors);
    }

    @Override
    public boolean matches(Exchange exchange) {
        Throwable failure = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (Failures.isBadInput(failure)) {
            return false;
        }
        Integer status = Failures.httpStatus(failure);
        if (status != null && status >= 400 && status < 500 && !retryableClientErrors.contains(status)) {
            return false;
        }
        return exchange.getProperty(DeadLetterConstants.FAILED_ATTEMPTS, 0, Integer.class) < maxAttempts;
    }
}
