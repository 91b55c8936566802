package com.cxoneflows.deadletter;

import com.cxoneflows.secret.Secrets;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a failed exchange to the dead-letter store: flow, replay endpoint, reason, exception,
 * HTTP status, attempts, failure times, the headers that matter and the original body, with secrets
 * removed. A replayed letter that fails again updates its record instead of adding a new one.
 */
public class DeadLetterRecorder implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterRecorder.class);
    private static final int MAX_HEADER_VALUE = 1000;

    private final DeadLetterStore store;
    private final Clock clock;

    public DeadLetterRecorder(DeadLetterStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) {
        Throwable failure = Failures.unwrap(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
        Instant now = clock.instant();
        Instant first = exchange.getProperty(DeadLetterConstants.FIRST_FAILURE_AT, now, Instant.class);
        int attempts = Math.max(1, exchange.getProperty(DeadLetterConstants.FAILED_ATTEMPTS, 1, Integer.class));
        String reason = Secrets.redact(exchange.getProperty(DeadLetterConstants.REASON, Failures.describe(failure), String.class));
        String exceptionClass = failure == null ? null : failure.getClass().getName();
        String exceptionMessage = failure == null ? null : Secrets.redact(failure.getMessage());
        Integer status = Failures.httpStatus(failure);
        String flow = flowOf(exchange);

        Long replayOf = exchange.getIn().getHeader(DeadLetterConstants.LETTER_ID, Long.class);
        long id;
        if (replayOf != null && store.recordFailure(replayOf, reason, exceptionClass, exceptionMessage, status, attempts, now)) {
            id = replayOf;
        } else {
            id = store.add(new DeadLetter(0, flow, replayUriOf(exchange), reason, exceptionClass, exceptionMessage, status,
                    attempts, first, now, headersThatMatter(exchange), Secrets.redact(exchange.getIn().getBody(String.class))));
        }
        exchange.setProperty(DeadLetterConstants.DEAD_LETTERED, id);
        LOG.warn("Dead letter {} of flow {}: {} after {} attempt(s)", id, flow, reason, attempts);
    }

    private static String flowOf(Exchange exchange) {
        String flow = exchange.getProperty(DeadLetterConstants.FLOW, String.class);
        if (flow != null) {
            return flow;
        }
        String routeId = exchange.getFromRouteId();
        Route route = routeId == null ? null : exchange.getContext().getRoute(routeId);
        if (route != null && route.getGroup() != null) {
            return route.getGroup();
        }
        return routeId == null ? "unknown" : routeId;
    }

    /** The endpoint the original message came in by: {@code useOriginalMessage} restores the message it received. */
    private static String replayUriOf(Exchange exchange) {
        String uri = exchange.getProperty(DeadLetterConstants.REPLAY_URI, String.class);
        if (uri != null) {
            return uri;
        }
        return exchange.getFromEndpoint() == null ? "unknown" : exchange.getFromEndpoint().getEndpointUri();
    }

    private static Map<String, String> headersThatMatter(Exchange exchange) {
        Map<String, String> kept = new TreeMap<>();
        exchange.getIn().getHeaders().forEach((name, value) -> {
            if (name.startsWith("Camel") || name.equals(DeadLetterConstants.LETTER_ID) || Secrets.isSensitiveName(name)) {
                return;
            }
            if (value instanceof CharSequence || value instanceof Number || value instanceof Boolean) {
                String text = Secrets.redact(value.toString());
                kept.put(name, text.length() > MAX_HEADER_VALUE ? text.substring(0, MAX_HEADER_VALUE) : text);
            }
        });
        return kept;
    }
}
