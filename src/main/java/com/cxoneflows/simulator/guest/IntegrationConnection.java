package com.cxoneflows.simulator.guest;

import com.cxoneflows.simulator.OutboundFrames;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;

/**
 * One integration socket ({@code /webchat/v1/ws}). Every frame goes through its {@link OutboundFrames}, so a slow
 * reader gets every guest frame late rather than some never, and frames never overtake each other. A close drops
 * what is still queued: it only comes for a socket that has no right to more frames (no or an expired token).
 */
final class IntegrationConnection {

    /** Fragment size for long frames: at most 64 KiB of UTF-8, the frame size clients accept by default. */
    private static final int FRAGMENT_CHARS = 16_384;

    private final String id;
    private final ServerWebSocket ws;
    private final OutboundFrames out;
    private String token;

    IntegrationConnection(String id, ServerWebSocket ws, Context context) {
        this.id = id;
        this.ws = ws;
        this.out = new OutboundFrames(ws, context, this::write,
                (close, lastWrite) -> ws.close((short) close.code(), close.reason()));
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
        out.send(frame);
    }

    /** Closes now: what is still queued is dropped. */
    synchronized void closeNow(int code, String reason) {
        out.closeNow(new OutboundFrames.Close(code, reason));
    }

    /**
     * Writes one text message. A message longer than the frame size, as Vert.x 4.5.24 splits it, is refused by
     * its own client ("non-continuation data frame while inside fragmented message"), so long ones (a test's
     * oversized frame) go out here as one text frame and its continuations.
     */
    private Future<Void> write(String frame) {
        if (frame.length() <= FRAGMENT_CHARS) {
            return ws.writeTextMessage(frame);
        }
        Future<Void> written = null;
        int start = 0;
        while (start < frame.length()) {
            int end = Math.min(start + FRAGMENT_CHARS, frame.length());
            if (end < frame.length() && Character.isHighSurrogate(frame.charAt(end - 1))) {
                end--;
            }
            boolean last = end == frame.length();
            String fragment = frame.substring(start, end);
            written = ws.writeFrame(start == 0 ? WebSocketFrame.textFrame(fragment, last)
                    : WebSocketFrame.continuationFrame(Buffer.buffer(fragment), last));
            start = end;
        }
        return written;
    }
}
