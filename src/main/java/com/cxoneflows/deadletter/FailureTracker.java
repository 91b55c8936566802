package com.cxoneflows.deadletter;

import com.cxoneflows.auth.RefusedToken;
import com.cxoneflows.http.RetryAfter;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.http.base.HttpOperationFailedException;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The error handler's {@code onExceptionOccurredRef}: runs at every failed delivery, before Camel decides
 * on the next one. It counts attempts and stamps the first failure (exchange properties survive
 * {@code useOriginalMessage}), and turns a {@code Retry-After} answer into {@code CamelRedeliveryDelay} so
 * the next attempt waits exactly that long (seconds or HTTP-date). A {@code 401} drops the token it was
 * sent with, so the redelivery gets a new one. A call an open circuit breaker refused is not counted: it
 * was no attempt.
 */
public class FailureTracker implements Processor {

    private final Clock clock;
    private final RefusedToken refusedToken;

    public FailureTracker(Clock clock, RefusedToken refusedToken) {
        this.clock = clock;
        this.refusedToken = refusedToken;
    }

    @Override
    public void process(Exchange exchange) {
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (failure instanceof CallNotPermittedException) {
            // the circuit breaker kept the call back: no attempt was made, redelivery tries again later
            return;
        }
        exchange.setProperty(DeadLetterConstants.FAILED_ATTEMPTS,
                exchange.getProperty(DeadLetterConstants.FAILED_ATTEMPTS, 0, Integer.class) + 1);
        if (exchange.getProperty(DeadLetterConstants.FIRST_FAILURE_AT) == null) {
            exchange.setProperty(DeadLetterConstants.FIRST_FAILURE_AT, clock.instant());
        }
        if (Integer.valueOf(401).equals(Failures.httpStatus(failure))) {
            refusedToken.process(exchange);
        }
        retryAfter(failure).ifPresent(delay -> exchange.getIn().setHeader(Exchange.REDELIVERY_DELAY, delay.toMillis()));
    }

    private Optional<Duration> retryAfter(Throwable failure) {
        HttpOperationFailedException http = Failures.httpFailure(failure);
        if (http == null || (http.getStatusCode() != 429 && http.getStatusCode() != 503)) {
            return Optional.empty();
        }
        String value = http.getResponseHeaders() == null ? null : http.getResponseHeaders().entrySet().stream()
                .filter(h -> h.getKey().equalsIgnoreCase("Retry-After")).map(java.util.Map.Entry::getValue)
                .findFirst().orElse(null);
        return RetryAfter.parse(value, clock);
    }
}
