package com.cxoneflows.stream;

import com.cxoneflows.http.RetryAfter;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * What an HTTP answer other than the stream means for the reader (contract §2): {@code 401} renews the token;
 * {@code 429}/{@code 503} wait for their {@code Retry-After} (seconds or HTTP-date), or back off without one;
 * {@code 204} stops the stream until it is restarted; {@code 400 invalid_last_event_id} takes the snapshot;
 * anything else backs off exponentially with jitter. A refused WebSocket upgrade is read the same way.
 */
public final class RefusalPolicy {

    public enum Action { RENEW_TOKEN, WAIT, STOP, SNAPSHOT, BACKOFF }

    /** @param delay how long to wait before the next attempt, for {@link Action#WAIT}; zero otherwise */
    public record Decision(Action action, Duration delay) {

        static Decision of(Action action) {
            return new Decision(action, Duration.ZERO);
        }
    }

    private final Clock clock;

    private RefusalPolicy(Clock clock) {
        this.clock = clock;
    }

    /** The policy of the reference contract; {@code clock} reads {@code Retry-After} dates. */
    public static RefusalPolicy contract(Clock clock) {
        return new RefusalPolicy(clock);
    }

    /**
     * @param retryAfter the {@code Retry-After} header, or null
     * @param body       the start of the answer's body, or null
     */
    public Decision decide(int status, String retryAfter, String body) {
        return switch (status) {
            case 401 -> Decision.of(Action.RENEW_TOKEN);
            case 204 -> Decision.of(Action.STOP);
            case 429, 503 -> waitAsked(status, retryAfter).map(delay -> new Decision(Action.WAIT, delay))
                    .orElseGet(() -> Decision.of(Action.BACKOFF));
            case 400 -> Decision.of(body != null && body.contains("invalid_last_event_id") ? Action.SNAPSHOT : Action.BACKOFF);
            default -> Decision.of(Action.BACKOFF);
        };
    }

    /**
     * The wait a {@code 429} or {@code 503} asks for with its {@code Retry-After}; empty for any other status, or
     * without a readable header. Also for answers that are not the stream's (a refused snapshot), which are waited
     * out the same way.
     */
    public Optional<Duration> waitAsked(int status, String retryAfter) {
        return status == 429 || status == 503 ? RetryAfter.parse(retryAfter, clock) : Optional.empty();
    }
}
