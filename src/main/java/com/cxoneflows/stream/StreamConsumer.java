package com.cxoneflows.stream;

import com.cxoneflows.auth.AccessToken;
import com.cxoneflows.auth.TokenService;
import com.cxoneflows.auth.TokenUnavailableException;
import com.cxoneflows.http.Backoff;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What every stream reader does the same way: one thread that connects, reads until the connection ends, and waits
 * before the next one (one attempt in flight, never two); the running/stopped {@link StreamGate}; a fresh token per
 * connection; the reaction to an HTTP refusal ({@link RefusalPolicy}); and exponential backoff with jitter over the
 * failed attempts in a row. A subclass says what one connection is.
 */
public abstract class StreamConsumer extends DefaultConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(StreamConsumer.class);

    /** How long a reader waits for a token before it looks again whether its consumer is stopping. */
    private static final long TOKEN_WAIT_SLICE_MILLIS = 200;

    /** No token for this attempt; the reader asks again after {@link #retryIn()}. */
    protected static final class NoToken extends Exception {

        private final Duration retryIn;

        private NoToken(Duration retryIn) {
            super(null, null, false, false);
            this.retryIn = retryIn;
        }

        public Duration retryIn() {
            return retryIn;
        }
    }

    private final StreamEndpoint endpoint;
    private final StreamConnectionConfiguration config;
    private final RefusalPolicy refusals;

    private StreamState state;
    private StreamGate gate;
    private ExecutorService reader;
    private volatile int failures;

    protected StreamConsumer(StreamEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
        this.config = endpoint.getConfiguration();
        this.refusals = RefusalPolicy.contract(config.getClock());
    }

    /** Opens what the connections share (HTTP client, timers); the reader starts right after. */
    protected abstract void openClients();

    /** Ends the connection in progress, so that a stopping reader leaves at once. */
    protected abstract void interruptConnection();

    /** Releases what {@link #openClients()} opened, once the reader has left. */
    protected abstract void closeClients() throws Exception;

    /** What the reader does once, before its first connection (e.g. read the durable cursor). */
    protected void beforeFirstConnection() {
    }

    /** One connection, from token to end: returns how long to wait before the next. */
    protected abstract Duration connectOnce();

    /** The contract's answer to {@code 400 invalid_last_event_id}; a stream without a cursor just backs off. */
    protected Duration onCursorRefused(AccessToken token) {
        return backoff();
    }

    /** Called after every failed attempt with the number of failures in a row, e.g. to give up. */
    protected void afterFailedAttempt(int failuresInARow) {
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        state = endpoint.getStreamRegistry().stream(endpoint.getStream());
        gate = new StreamGate(state);
        openClients();
        String scheme = endpoint.getEndpointUri().substring(0, endpoint.getEndpointUri().indexOf(':'));
        reader = endpoint.getCamelContext().getExecutorServiceManager()
                .newSingleThreadExecutor(this, scheme + "-" + endpoint.getStream());
        gate.open();
        reader.submit(this::readUntilStopped);
    }

    @Override
    protected void doStop() throws Exception {
        if (gate != null) {
            gate.close();
        }
        interruptConnection();
        if (reader != null) {
            endpoint.getCamelContext().getExecutorServiceManager().shutdownGraceful(reader, 10_000);
        }
        closeClients();
        if (state != null) {
            state.connected(false);
        }
        super.doStop();
    }

    private void readUntilStopped() {
        beforeFirstConnection();
        while (gate.isRunning()) {
            gate.awaitNotStopped();
            if (!gate.isRunning()) {
                return;
            }
            Duration wait;
            try {
                wait = connectOnce();
            } catch (RuntimeException unexpected) {
                state.lastError(unexpected.getMessage());
                getExceptionHandler().handleException("stream " + stream() + " failed; reconnecting", unexpected);
                wait = backoff();
            }
            gate.pause(wait);
        }
    }

    /**
     * A token for the next connection. While the token endpoint is still being asked (its {@code Retry-After},
     * its backoff) a wait that ran out is no failed attempt: the reader asks again at once and so joins that same
     * request, and connects as soon as a token is issued. Any other refusal (credentials rejected) backs off.
     */
    protected final AccessToken token() throws NoToken {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.getTokenTimeout());
        while (true) {
            long leftMillis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            try {
                return tokens().token(Duration.ofMillis(Math.max(1, Math.min(leftMillis, TOKEN_WAIT_SLICE_MILLIS))));
            } catch (TokenUnavailableException e) {
                // waited in slices: a consumer stopping while the token endpoint fails is not held up by the wait
                if (e.isStillRequesting() && gate.isRunning() && deadline - System.nanoTime() > 0) {
                    continue;
                }
                state.lastError(e.getMessage());
                LOG.debug("Stream {} has no token yet: {}", stream(), e.getMessage());
                throw new NoToken(e.isStillRequesting() ? Duration.ZERO : backoff());
            }
        }
    }

    /** What to do after the server answered the connection with {@code status} instead of the stream. */
    protected final Duration onRefused(int status, String retryAfter, String body, AccessToken token) {
        RefusalPolicy.Decision decision = refusals.decide(status, retryAfter, body);
        switch (decision.action()) {
            case RENEW_TOKEN -> {
                tokens().invalidate(token.value());
                LOG.info("Stream {} refused the token (401): renewing it", stream());
                // the first refusal in a row is the token's fault; a second one is the server's
                return countFailure() == 0 ? Duration.ZERO : backoff();
            }
            case WAIT -> {
                countFailure();
                LOG.info("Stream {} answered {}: reconnecting in {} ms", stream(), status, decision.delay().toMillis());
                return decision.delay();
            }
            case STOP -> {
                gate.stop("the server answered " + status + ": do not reconnect");
                return Duration.ZERO;
            }
            case SNAPSHOT -> {
                return onCursorRefused(token);
            }
            default -> {
                LOG.warn("Stream {} refused with HTTP {}; retrying with backoff", stream(), status);
                return backoff();
            }
        }
    }

    /** The wait a {@code 429} or {@code 503} asks for with its {@code Retry-After} ({@link RefusalPolicy#waitAsked}). */
    protected final Optional<Duration> waitAsked(int status, String retryAfter) {
        return refusals.waitAsked(status, retryAfter);
    }

    /**
     * Hands one exchange to the route and waits for it. A failure goes to the consumer's exception handler and is
     * returned, so that the reader reconnects after the last event the route took.
     *
     * @param what the exchange, for the handler's message: "event 42 (the last one taken: 41)", "a frame"
     */
    protected final Exception process(Exchange exchange, String what) {
        try {
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        Exception failure = exchange.getException();
        if (failure != null) {
            getExceptionHandler().handleException("stream " + stream() + ": the route failed " + what + "; reconnecting", exchange, failure);
        }
        return failure;
    }

    /** Counts a failed attempt and returns the wait before the next: exponential from {@link #backoffBase()}. */
    protected final Duration backoff() {
        int failed = countFailure();
        long base = Math.max(1, Math.min(backoffBase(), config.getMaxRetryDelay()));
        return Backoff.exponential(Duration.ofMillis(base), Duration.ofMillis(Math.max(base, config.getMaxRetryDelay())))
                .delay(failed);
    }

    /** The first reconnect delay in ms; the SSE reader takes the server's {@code retry:}. */
    protected long backoffBase() {
        return config.getRetryDelay();
    }

    /** The connection proved itself: the next failure starts the backoff from its base again. */
    protected final void resetBackoff() {
        failures = 0;
    }

    private int countFailure() {
        int before = failures++;
        afterFailedAttempt(before + 1);
        return before;
    }

    protected final String stream() {
        return endpoint.getStream();
    }

    protected final StreamState state() {
        return state;
    }

    protected final StreamGate gate() {
        return gate;
    }

    protected final Clock clock() {
        return config.getClock();
    }

    protected final TokenService tokens() {
        return config.getTokenService();
    }
}
