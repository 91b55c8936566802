package com.cxoneflows.ws;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;

/**
 * One socket of a {@code cxone-ws} consumer. Vert.x's event loop only queues what arrives, in order, and writes
 * the protocol's immediate answers (heartbeat acks) at once; the session thread takes the rest. When the queue
 * reaches {@code maxQueued} the socket stops reading until it is half empty, so that TCP slows the server instead
 * of memory filling up.
 */
final class WsSocket {

    private static final Logger LOG = LoggerFactory.getLogger(WsSocket.class);

    /** What the event loop hands the session: a text frame, or the end of the socket. */
    sealed interface Item permits Text, Closed {
    }

    record Text(String frame, long receivedAt) implements Item {
    }

    record Closed(int code, String reason) implements Item {
    }

    private final WebSocket ws;
    private final int maxQueued;
    private final BlockingQueue<Item> frames = new LinkedBlockingQueue<>();
    /** The frames of the read in progress, on the event loop only; see {@link #handOver}. */
    private final List<Item> arrived = new ArrayList<>();
    private volatile boolean paused;

    private WsSocket(WebSocket ws, int maxQueued, Clock clock, String stream, UnaryOperator<String> immediateAnswer) {
        this.ws = ws;
        this.maxQueued = maxQueued;
        try {
            ws.exceptionHandler(error -> LOG.debug("Stream {}: socket error {}", stream, error.toString()));
            ws.textMessageHandler(text -> {
                String answer = immediateAnswer.apply(text);
                if (answer != null) {
                    ws.writeTextMessage(answer);
                    return;
                }
                if (arrived.isEmpty()) {
                    Vertx.currentContext().runOnContext(handOver -> handOver());
                }
                arrived.add(new Text(text, clock.millis()));
            });
            ws.closeHandler(closed -> {
                handOver();
                frames.add(closed(ws));
            });
        } catch (IllegalStateException closedAlready) {
            // Vert.x read the server's close frame in the same read as the upgrade, before these handlers were set (a
            // 4001 right away): the session must still see the close and its code, which decides what comes next
            frames.add(closed(ws));
        }
    }

    private static Closed closed(WebSocket ws) {
        return new Closed(ws.closeStatusCode() == null ? 1006 : ws.closeStatusCode(), ws.closeReason());
    }

    /**
     * Opens a socket, waiting at most {@code timeout}; a refused upgrade fails with Vert.x's {@code UpgradeRejectedException}.
     *
     * @param immediateAnswer the protocol's answer to a frame that must not queue, written at once; null lets it queue
     */
    static WsSocket open(WebSocketClient client, WebSocketConnectOptions options, Duration timeout, int maxQueued,
                         Clock clock, String stream, UnaryOperator<String> immediateAnswer)
            throws ExecutionException, TimeoutException, InterruptedException {
        // the handlers go on as the upgrade completes: set later by the waiting thread, a frame the server sends right
        // away could be missed (a close read even before that is handled in the constructor)
        Future<WsSocket> connecting = client.connect(options)
                .map(ws -> new WsSocket(ws, maxQueued, clock, stream, immediateAnswer));
        try {
            return connecting.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException late) {
            connecting.onSuccess(WsSocket::close);
            throw late;
        }
    }

    /**
     * Queues the frames that arrived since the last hand-over, on the event loop once it has finished the read that
     * brought them (the task runs after the read): a sleeping session thread is woken once per read of the socket,
     * not once per frame, and takes them as one batch. Waking it for every frame cost the event loop more than
     * decoding the frame, and gave the route batches of one or two events in a burst.
     */
    private void handOver() {
        if (arrived.isEmpty()) {
            return;
        }
        frames.addAll(arrived);
        arrived.clear();
        if (!paused && frames.size() >= maxQueued) {
            pauseWhileFull();
        }
    }

    /** The next frame or the close, waiting at most {@code wait}; null when nothing came. */
    Item take(Duration wait) throws InterruptedException {
        Item taken = frames.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
        if (taken == null) {
            readingWhenIdle();
        }
        return resumedWhenDrained(taken);
    }

    /** The next frame or the close if one is already queued, else null at once (a batch never waits to fill). */
    Item poll() {
        return resumedWhenDrained(frames.poll());
    }

    private Item resumedWhenDrained(Item taken) {
        if (paused && frames.size() <= maxQueued / 2) {
            resumeWhenDrained();
        }
        return taken;
    }

    /**
     * The flag and Vert.x's pause or resume change together, under one lock: the event loop decides to pause and the
     * session thread to resume, and without the lock a pause that came after the session's resume (the event loop
     * preempted between setting the flag and pausing) left the socket paused for good with the flag saying it reads.
     */
    private synchronized void pauseWhileFull() {
        if (!paused && frames.size() >= maxQueued) {
            paused = true;
            ws.pause();
        }
    }

    /**
     * Nothing came for a whole wait and nothing is queued: if Vert.x is paused anyway, whatever paused it, it reads
     * again (a resume while reading changes nothing). A socket that stays paused would look connected and idle forever.
     */
    private synchronized void readingWhenIdle() {
        if (!paused && frames.isEmpty()) {
            ws.resume();
        }
    }

    private synchronized void resumeWhenDrained() {
        if (paused && frames.size() <= maxQueued / 2) {
            paused = false;
            ws.resume();
        }
    }

    void send(String frame) {
        ws.writeTextMessage(frame);
    }

    /** Closes with {@code 1000} and wakes the session at once, without waiting for the server's answer. */
    void stop(String reason) {
        ws.close((short) 1000, reason);
        frames.add(new Closed(1000, reason));
    }

    void close() {
        if (!ws.isClosed()) {
            ws.close();
        }
    }
}
