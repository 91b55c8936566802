package com.cxoneflows.simulator.contact;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One open contact stream. It pulls from the log at the pace its client reads: it writes batches of frames
 * while the socket takes them and the drain handler resumes it; a wakeup from the world, or its own tick
 * (keep-alives, the token check, {@code max_events} windows, the end of a quiet period), pumps again. Each
 * connection holds only a cursor into the log, never copies of the frames. Runs on its request's event loop.
 */
final class StreamConnection {

    private static final String TOKEN_EXPIRED = "{\"status\":401,\"error\":\"token_expired\"}";
    private static final int BATCH_BYTES = 32 * 1024;
    /** Events looked at in one pump before the connection lets its event loop serve others. */
    private static final int EVENTS_PER_TURN = 20_000;
    private static final long TICK_MS = 100;

    private final StreamEnvironment env;
    private final RoutingContext ctx;
    private final HttpServerResponse response;
    private final Context context;
    private final String token;
    private final ContactFilter filter;
    private final int maxEvents;
    private final ConnectionPlan plan;
    private final boolean storedFraming;
    private final Runnable wakeup = this::wake;
    private final AtomicBoolean wakePending = new AtomicBoolean();
    private final Deque<LoggedEvent> recent = new ArrayDeque<>();
    private LoggedEvent cursor;
    private long sent;
    private long windowStart;
    private int sentInWindow;
    private long lastKeepAlive;
    private long tick;
    private boolean duplicated;
    private boolean closed;

    StreamConnection(StreamEnvironment env, RoutingContext ctx, String token, ContactFilter filter, int maxEvents,
                     ConnectionPlan plan) {
        this.env = env;
        this.ctx = ctx;
        this.response = ctx.response();
        this.context = env.sim().vertx().getOrCreateContext();
        this.token = token;
        this.filter = filter;
        this.maxEvents = maxEvents;
        this.plan = plan;
        this.storedFraming = plan.framing().stored();
    }

    /** The 200 answer's head, shared with the raw fault. */
    static void begin(HttpServerResponse response) {
        response.setStatusCode(200).setChunked(true)
                .putHeader("Content-Type", "text/event-stream")
                .putHeader("Cache-Control", "no-cache");
    }

    /** Starts sending the events after {@code from}. */
    void start(LoggedEvent from) {
        cursor = from;
        windowStart = lastKeepAlive = env.sim().clock().millis();
        begin(response);
        response.closeHandler(closed -> stop());
        response.exceptionHandler(error -> stop());
        response.drainHandler(drained -> pump());
        response.write(plan.framing().retry(env.config().get().retryMs()));
        env.world().listen(wakeup);
        tick = env.sim().vertx().setPeriodic(TICK_MS, id -> tick());
        pump();
    }

    /** Called by the world on the appending thread: pump once on this connection's event loop. */
    private void wake() {
        if (wakePending.compareAndSet(false, true)) {
            context.runOnContext(go -> {
                wakePending.set(false);
                pump();
            });
        }
    }

    private void tick() {
        if (closed) {
            return;
        }
        long now = env.sim().clock().millis();
        if (now - lastKeepAlive >= env.config().get().keepAliveMs()) {
            lastKeepAlive = now;
            if (!response.writeQueueFull()) {
                response.write(plan.framing().keepAlive());
            }
        }
        pump();
    }

    private void pump() {
        if (closed) {
            return;
        }
        Buffer batch = Buffer.buffer(BATCH_BYTES + 4096);
        if (env.sim().tokens().validSerial(token).isEmpty()) {
            refuse(batch);
            return;
        }
        if (endAsPlanned(batch) || env.faults().quiet()) {
            return;
        }
        int looked = 0;
        while (!response.writeQueueFull() && windowAllows()) {
            LoggedEvent next = cursor.next();
            if (next == null) {
                break;
            }
            if (++looked > EVENTS_PER_TURN) {
                wake();
                break;
            }
            cursor = next;
            if (!filter.matches(next)) {
                continue;
            }
            send(batch, next);
            if (endAsPlanned(batch)) {
                return;
            }
            if (batch.length() >= BATCH_BYTES) {
                response.write(batch);
                batch = Buffer.buffer(BATCH_BYTES + 4096);
            }
        }
        write(batch);
    }

    private void send(Buffer batch, LoggedEvent event) {
        append(batch, event);
        sent++;
        sentInWindow++;
        Integer duplicates = plan.duplicates();
        if (duplicates == null || duplicated) {
            return;
        }
        recent.addLast(event);
        if (recent.size() > duplicates) {
            recent.removeFirst();
        }
        if (sent >= duplicates) {
            recent.forEach(again -> append(batch, again));
            env.stats().duplicates(recent.size());
            recent.clear();
            duplicated = true;
        }
    }

    private void append(Buffer batch, LoggedEvent event) {
        if (storedFraming) {
            batch.appendBytes(event.frame());
        } else {
            batch.appendString(plan.framing().event(event.id(), event.data()));
        }
    }

    private boolean windowAllows() {
        if (maxEvents == 0) {
            return true;
        }
        long now = env.sim().clock().millis();
        if (now - windowStart >= 1000) {
            windowStart = now;
            sentInWindow = 0;
        }
        return sentInWindow < maxEvents;
    }

    /** The drop and token-expiry faults: whether this connection ended because it reached its planned count. */
    private boolean endAsPlanned(Buffer batch) {
        if (plan.dropAfter() != null && sent >= plan.dropAfter()) {
            stop();
            write(batch).onComplete(written -> ctx.request().connection().close());
            return true;
        }
        if (plan.expireAfter() != null && sent >= plan.expireAfter()) {
            env.sim().tokens().revoke(token);
            refuse(batch);
            return true;
        }
        return false;
    }

    /** Contract §2: an SSE answer cannot change its status, so an expired token gets one stream.error event, then the close. */
    private void refuse(Buffer batch) {
        stop();
        batch.appendString(plan.framing().streamError(TOKEN_EXPIRED));
        response.end(batch).onComplete(ended -> ctx.request().connection().close());
    }

    /** Writes what was batched; an empty chunk would end a chunked answer, so none is written. */
    private Future<Void> write(Buffer batch) {
        return batch.length() == 0 ? Future.succeededFuture() : response.write(batch);
    }

    private void stop() {
        if (!closed) {
            closed = true;
            env.sim().vertx().cancelTimer(tick);
            env.world().unlisten(wakeup);
        }
    }
}
