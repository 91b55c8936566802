package com.cxoneflows.simulator;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.impl.ConnectionBase;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Function;

/**
 * What a simulated server socket sends, in one queue written on the socket's own event loop only while Vert.x's
 * write queue has room: a slow reader gets every frame late rather than some never, frames never overtake each
 * other, and a close comes exactly after the frames queued before it, unless {@link #closeNow} drops them. Once a
 * close is queued nothing more goes out. An owner that first asks {@link #closing()} and then acts on the answer
 * (an armed close, a resend) does both under its own lock, and closes only under it, so the answer still holds.
 */
public final class OutboundFrames {

    /** A close as the owner asked for it; its {@link Closer} decides what the code means on the wire. */
    public record Close(int code, String reason) implements Outbound {
    }

    /** Carries out a close; {@code lastWrite} completes once the last text frame before it has been written. */
    @FunctionalInterface
    public interface Closer {

        void close(Close close, Future<Void> lastWrite);
    }

    /** The close code that means "no close frame": the simulator drops the TCP connection instead. */
    public static final int ABNORMAL_CLOSE = 1006;

    /**
     * How the simulator's sockets close: {@value #ABNORMAL_CLOSE} drops the TCP connection after the frames already
     * written, without a close frame; any other code is a close frame with that code and reason.
     */
    public static Closer closer(ServerWebSocket ws, HttpConnection tcp) {
        return (close, lastWrite) -> {
            if (close.code() == ABNORMAL_CLOSE) {
                // ws.close(), HttpConnection.close() and even channel().close() end in a close frame once upgraded:
                // Vert.x's own channel handler turns a close into a graceful WebSocket close. Closing from that
                // handler's context goes below it, so the TCP connection drops after the frames already written.
                lastWrite.onComplete(written -> ((ConnectionBase) tcp).channelHandlerContext().close());
            } else {
                ws.close((short) close.code(), close.reason());
            }
        };
    }

    private sealed interface Outbound permits Text, Close {
    }

    private record Text(String frame) implements Outbound {
    }

    private final ServerWebSocket ws;
    private final Context context;
    private final Function<String, Future<Void>> writer;
    private final Closer closer;
    private final Deque<Outbound> pending = new ArrayDeque<>();
    private boolean closing;
    private boolean flushScheduled;
    private Future<Void> lastWrite = Future.succeededFuture();

    /**
     * @param writer writes one text frame on {@code ws} (a socket may split long ones itself)
     * @param closer closes {@code ws} once the frames before the close are written
     */
    public OutboundFrames(ServerWebSocket ws, Context context, Function<String, Future<Void>> writer, Closer closer) {
        this.ws = ws;
        this.context = context;
        this.writer = writer;
        this.closer = closer;
        ws.drainHandler(drained -> flush());
    }

    public synchronized boolean closing() {
        return closing;
    }

    public synchronized void send(String frame) {
        if (!closing) {
            enqueue(new Text(frame));
        }
    }

    /** Closes after what is queued now. */
    public synchronized void close(Close close) {
        if (!closing) {
            enqueue(close);
            closing = true;
        }
    }

    /** Closes now: what is still queued is dropped. */
    public synchronized void closeNow(Close close) {
        if (!closing) {
            pending.clear();
            enqueue(close);
            closing = true;
        }
    }

    private void enqueue(Outbound item) {
        pending.addLast(item);
        if (!flushScheduled) {
            flushScheduled = true;
            context.runOnContext(run -> flush());
        }
    }

    private synchronized void flush() {
        flushScheduled = false;
        while (!pending.isEmpty()) {
            if (ws.writeQueueFull()) {
                return;
            }
            Outbound next = pending.removeFirst();
            if (next instanceof Text text) {
                lastWrite = writer.apply(text.frame());
            } else if (next instanceof Close close) {
                pending.clear();
                closer.close(close, lastWrite);
            }
        }
    }
}
