package com.cxoneflows.sse;

import com.launchdarkly.eventsource.ErrorStrategy;
import com.launchdarkly.eventsource.EventSource;
import com.launchdarkly.eventsource.StreamClosedByCallerException;
import com.launchdarkly.eventsource.StreamEvent;
import com.launchdarkly.eventsource.StreamException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One connection of a {@code cxone-sse} consumer and the two timers that end it on purpose: the token's
 * rotation before expiry, and the idle watch. Read from the consumer's thread; ended from any.
 *
 * <p>To hand the route batches of what was already read, a connection may {@link #readAhead read ahead} on a thread of
 * its own into a bounded hand-off: okhttp-eventsource has no "is another event buffered?" call, so only a second
 * thread can tell the consumer, without waiting, what has arrived. The hand-off holds one batch at most; when it is
 * full the reading thread stops reading the socket, and TCP slows the server as before.
 */
final class SseConnection implements AutoCloseable {

    /** Why the consumer itself ended the connection. */
    enum EndedBy { NOBODY, ROTATION, IDLE, STOP }

    /** In the hand-off after the last event read: how the reading ended. */
    private record Ended(Exception failure) {
    }

    private final EventSource source;
    private final ScheduledFuture<?> rotation;
    private final ScheduledFuture<?> idleWatch;
    private volatile EndedBy endedBy = EndedBy.NOBODY;
    private volatile long lastActivityNanos = System.nanoTime();
    /** The events read ahead, then possibly an {@link Ended}; null while the consumer's thread reads itself. */
    private BlockingQueue<Object> readAhead;
    private Future<?> reading;
    /** Taken from the hand-off after events that were returned first: thrown by the next {@link #nextBatch}. */
    private Ended ended;

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

    /**
     * From now on one thread of {@code readers} reads the stream into a hand-off of {@code capacity} events, which
     * {@link #nextBatch} drains. The previous connection's reading must have ended (a single-thread executor waits for it).
     */
    void readAhead(ExecutorService readers, int capacity) {
        readAhead = new ArrayBlockingQueue<>(capacity);
        reading = readers.submit(this::readIntoHandOff);
    }

    private void readIntoHandOff() {
        try {
            Object item;
            do {
                try {
                    item = next();
                } catch (StreamException | RuntimeException e) {
                    item = new Ended(e);
                }
                readAhead.put(item);
            } while (!(item instanceof Ended));
        } catch (InterruptedException closed) {
            // close(): nobody takes from the hand-off any more
        }
    }

    /**
     * The events or comments read and not taken yet, at most {@code max}, waiting only while there is none; without
     * {@link #readAhead}, the next one. A failure is thrown once the events read before it were returned.
     */
    List<StreamEvent> nextBatch(int max) throws StreamException {
        if (readAhead == null) {
            return List.of(next());
        }
        if (ended == null) {
            List<Object> taken = new ArrayList<>(Math.min(max, readAhead.size() + 1));
            taken.add(takeFirst());
            readAhead.drainTo(taken, max - 1);
            List<StreamEvent> events = new ArrayList<>(taken.size());
            for (Object item : taken) {
                if (item instanceof Ended end) {
                    ended = end; // the last item the reading thread put
                } else {
                    events.add((StreamEvent) item);
                }
            }
            if (!events.isEmpty()) {
                return events;
            }
        }
        throw rethrown(ended.failure());
    }

    private Object takeFirst() throws StreamClosedByCallerException {
        try {
            return readAhead.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StreamClosedByCallerException();
        }
    }

    private static StreamException rethrown(Exception failure) {
        if (failure instanceof StreamException stream) {
            return stream;
        }
        throw (RuntimeException) failure;
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
        if (reading != null) {
            reading.cancel(true); // a reading thread waiting for room in the hand-off
        }
    }
}
