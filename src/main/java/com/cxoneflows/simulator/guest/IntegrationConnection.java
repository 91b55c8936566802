package com.cxoneflows.simulator.guest;

import io.vertx.core.Context;
import io.vertx.core.http.ServerWebSocket;

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

    private final String id;
    private final ServerWebSocket ws;
    private final Context context;
    private final Deque<Outbound> pending = new ArrayDeque<>();
    private String token;
    private String tokenSerial;
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

    synchronized String tokenSerial() {
        return tokenSerial;
    }

    synchronized boolean authenticated() {
        return token != null;
    }

    /** The socket proved itself with {@code token}: {@code auth.ok} goes out. */
    synchronized void authenticated(String token, String tokenSerial, String ok) {
        this.token = token;
        this.tokenSerial = tokenSerial;
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
                ws.writeTextMessage(text.frame());
            } else if (next instanceof Close close) {
                pending.clear();
                ws.close((short) close.code(), close.reason());
            }
        }
    }
}
