package com.cxoneflows.sse;

import com.launchdarkly.eventsource.ErrorStrategy;
import com.launchdarkly.eventsource.EventSource;
import com.launchdarkly.eventsource.StreamEvent;
import com.launchdarkly.eventsource.StreamException;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One connection of a {@code cxone-sse} consumer and the two timers that end it on purpose: the token's
 * rotation before expiry, and the idle watch. Read from the consumer's thread; ended from any.
 */
final class SseConnection implements AutoCloseable {

    /** Why the consumer itself ended the connection. */
    enum EndedBy { NOBODY, ROTATION, IDLE, STOP }

    private final EventSource source;
    private final ScheduledFuture<?> rotation;
    private final ScheduledFuture<?> idleWatch;
    private volatile EndedBy endedBy = EndedBy.NOBODY;
    private volatile long lastActivityNanos = System.nanoTime();

    /**
     * @param rotateIn    when the token is due for renewal
     * @param idleTimeout end the connection after this long without a byte; zero: never
     */
    SseConnection(SseConnectStrategy connect, String lastEventId, long retryMillis, ScheduledExecutorService timers,
                  Duration rotateIn, Duration idleTimeout) {
        source = new EventSource.Builder(connect).lastEventId(lastEventId).retryDelay(retryMillis, TimeUnit.MILLISECONDS)
                .errorStrategy(ErrorStrategy.alwaysThrow()).build();
        rotation = timers.schedule(() -> end(EndedBy.ROTATION), Math.max(0, rotateIn.toMillis()), TimeUnit.MILLISECONDS);
        long check = idleTimeout.toMillis() / 4 + 1;
        idleWatch = idleTimeout.isZero() ? null : timers.scheduleWithFixedDelay(() -> {
            if (System.nanoTime() - lastActivityNanos > idleTimeout.toNanos()) {
                end(EndedBy.IDLE);
            }
        }, check, check, TimeUnit.MILLISECONDS);
    }

    /** Connects; a refusal is a {@link StreamRefusedException}. */
    void start() throws StreamException {
        source.start();
        lastActivityNanos = System.nanoTime();
    }

    /** The next event or comment, blocking; a connection the consumer ended throws {@code StreamClosedByCallerException}. */
    StreamEvent next() throws StreamException {
        StreamEvent event = source.readAnyEvent();
        lastActivityNanos = System.nanoTime();
        return event;
    }

    /** The reconnect base the server set with {@code retry:}. */
    long retryMillis() {
        return source.getBaseRetryDelayMillis();
    }

    EndedBy endedBy() {
        return endedBy;
    }

    /** Ends the connection from another thread; the reader sees why in {@link #endedBy()}. */
    void end(EndedBy reason) {
        endedBy = reason;
        if (reason == EndedBy.STOP) {
            source.close();
        } else {
            source.interrupt();
        }
    }

    @Override
    public void close() {
        rotation.cancel(false);
        if (idleWatch != null) {
            idleWatch.cancel(false);
        }
        source.close();
    }
}
