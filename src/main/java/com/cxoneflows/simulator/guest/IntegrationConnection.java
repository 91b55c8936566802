package com.cxoneflows.simulator.guest;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * One integration socket ({@code /webchat/v1/ws}). Every frame goes through one queue, written on the socket's
 * own event loop only while Vert.x's write queue has room, so a slow reader gets every guest frame late rather
 * than some never, and frames never overtake each other. A close drops what is still queued: it only comes for
 * a socket that has no right to more frames (no or an expired token).
 */
final class IntegrationConnection {

    private sealed interface Outbound permits Text, Close {
    }

    private record Text(String frame) implements Outbound {
    }

    private record Close(int code, String reason) implements Outbound {
    }

    /** Fragment size for long frames: at most 64 KiB of UTF-8, the frame size clients accept by default. */
    private static final int FRAGMENT_CHARS = 16_384;

    private final String id;
    private final ServerWebSocket ws;
    private final Context context;
    private final Deque<Outbound> pending = new ArrayDeque<>();
    private String token;
    private boolean closing;
    private boolean flushScheduled;

    IntegrationConnection(String id, ServerWebSocket ws, Context context) {
        this.id = id;
        this.ws = ws;
        this.context = context;
        ws.drainHandler(drained -> flush());
    }

    String id() {
        return id;
    }

    synchronized String token() {
        return token;
    }

    synchronized boolean authenticated() {
        return token != null;
    }

    /** The socket proved itself with {@code token}: {@code auth.ok} goes out. */
    synchronized void authenticated(String token, String ok) {
        this.token = token;
        send(ok);
    }

    synchronized void send(String frame) {
        if (!closing) {
            enqueue(new Text(frame));
        }
    }

    /** Closes now: what is still queued is dropped. */
    synchronized void closeNow(int code, String reason) {
        if (closing) {
            return;
        }
        closing = true;
        pending.clear();
        enqueue(new Close(code, reason));
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
                write(text.frame());
            } else if (next instanceof Close close) {
                pending.clear();
                ws.close((short) close.code(), close.reason());
            }
        }
    }

    /**
     * Writes one text message. A message longer than the frame size, as Vert.x 4.5.24 splits it, is refused by
     * its own client ("non-continuation data frame while inside fragmented message"), so long ones (a test's
     * oversized frame) go out here as one text frame and its continuations.
     */
    private void write(String frame) {
        if (frame.length() <= FRAGMENT_CHARS) {
            ws.writeTextMessage(frame);
            return;
        }
        int start = 0;
        while (start < frame.length()) {
            int end = Math.min(start + FRAGMENT_CHARS, frame.length());
            if (end < frame.length() && Character.isHighSurrogate(frame.charAt(end - 1))) {
                end--;
            }
            boolean last = end == frame.length();
            String fragment = frame.substring(start, end);
            ws.writeFrame(start == 0 ? WebSocketFrame.textFrame(fragment, last)
                    : WebSocketFrame.continuationFrame(Buffer.buffer(fragment), last));
            start = end;
        }
    }
}
