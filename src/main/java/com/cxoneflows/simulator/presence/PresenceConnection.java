package com.cxoneflows.simulator.presence;

import com.cxoneflows.simulator.EventFrames;
import com.cxoneflows.simulator.OutboundFrames;
import com.cxoneflows.simulator.SimulatorContext;
import com.cxoneflows.simulator.SocketFaults;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.ServerWebSocket;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One open presence socket: its subscription, the users it has heard of (the first update about a user carries
 * the user's full state), its last update frames (for the {@code duplicates} fault), its heartbeats awaiting an
 * ack, and an armed close. Everything goes out through its {@link EventFrames}; the truth takes each update as it
 * is written, so a frame dropped by a close never counts.
 */
final class PresenceConnection implements SocketFaults.Closable {

    static final int RECENT_FRAMES = 1000;

    private final String id;
    private final String token;
    private final String tokenSerial;
    private final PresenceStats stats;
    private final EventFrames out;
    private final PresenceTruth truth;
    private final ServerWebSocket ws;

    private final Set<String> heard = new HashSet<>();
    private final Map<String, Long> unacknowledged = new LinkedHashMap<>();
    private boolean subscribed;
    private Set<String> filter;
    private long heartbeatSerial;
    private long lastHeartbeat = System.nanoTime();

    PresenceConnection(String id, ServerWebSocket ws, HttpConnection tcp, Context context, String token, String tokenSerial,
                       PresenceStats stats, PresenceTruth truth) {
        this.id = id;
        this.ws = ws;
        this.token = token;
        this.tokenSerial = tokenSerial;
        this.stats = stats;
        this.truth = truth;
        OutboundFrames.Closer closer = OutboundFrames.closer(ws, tcp);
        this.out = new EventFrames(new OutboundFrames(ws, context, this::write, (close, lastWrite) -> {
            stats.closed(close.code());
            closer.close(close, lastWrite);
        }), RECENT_FRAMES);
    }

    private Future<Void> write(String frame) {
        truth.written(frame);
        return ws.writeTextMessage(frame);
    }

    String id() {
        return id;
    }

    String token() {
        return token;
    }

    String tokenSerial() {
        return tokenSerial;
    }

    synchronized boolean wants(String userId) {
        return subscribed && (filter == null || filter.contains(userId));
    }

    synchronized boolean subscribed() {
        return subscribed;
    }

    /** The subscribed users, or null for every user or before any subscription. */
    synchronized Set<String> filter() {
        return subscribed ? filter : null;
    }

    /** The answer goes out, and from then on the updates of {@code userIds} (null: every user). */
    synchronized void subscribe(Set<String> userIds, String answer) {
        filter = userIds;
        subscribed = true;
        out.send(answer);
    }

    /** A frame that is no update (subscribed, error, heartbeat). */
    synchronized void send(String frame) {
        out.send(frame);
    }

    synchronized void sendUpdate(PresenceUpdate update) {
        sendUpdateFrame(heard.add(update.userId()) ? update.fullFrame() : update.deltaFrame());
    }

    /** The newer update goes first, whole; the older one follows and is stale on arrival. */
    synchronized void sendOutOfOrder(PresenceUpdate older, PresenceUpdate newer) {
        heard.add(newer.userId());
        sendUpdateFrame(newer.fullFrame());
        sendUpdateFrame(older.deltaFrame());
    }

    private void sendUpdateFrame(String frame) {
        if (out.sendEvent(frame)) {
            stats.updatesSent.incrementAndGet();
        }
    }

    /** Queues the last {@code count} update frames once more; returns how many that was. */
    synchronized int resendRecent(int count) {
        return out.resendRecent(count);
    }

    @Override
    public void closeAfter(int updates, int code, String reason) {
        out.closeAfter(updates, code, reason);
    }

    /** A heartbeat every {@code intervalMs}; the oldest one unacknowledged for {@code deadlineMs} closes with 4000. */
    synchronized void heartbeat(long intervalMs, long deadlineMs) {
        long now = System.nanoTime();
        Map.Entry<String, Long> oldest = unacknowledged.entrySet().stream().findFirst().orElse(null);
        if (oldest != null && now - oldest.getValue() >= TimeUnit.MILLISECONDS.toNanos(deadlineMs)) {
            unacknowledged.clear();
            out.closeAfter(0, 4000, "heartbeat " + oldest.getKey() + " not acknowledged within " + deadlineMs + " ms");
            return;
        }
        if (now - lastHeartbeat >= TimeUnit.MILLISECONDS.toNanos(intervalMs) && !out.closing()) {
            lastHeartbeat = now;
            String heartbeat = "hb-" + ++heartbeatSerial;
            unacknowledged.put(heartbeat, now);
            out.send(SimulatorContext.json(Map.of("type", "heartbeat", "id", heartbeat)));
            stats.heartbeatsSent.incrementAndGet();
        }
    }

    synchronized void acknowledged(String heartbeat) {
        Long sent = unacknowledged.remove(heartbeat);
        if (sent == null) {
            stats.unknownAcks.incrementAndGet();
        } else {
            stats.acked(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent));
        }
    }
}
