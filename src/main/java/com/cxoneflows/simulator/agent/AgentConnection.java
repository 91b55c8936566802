package com.cxoneflows.simulator.agent;

import com.cxoneflows.simulator.EventFrames;
import com.cxoneflows.simulator.OutboundFrames;
import com.cxoneflows.simulator.SocketFaults;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.ServerWebSocket;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One open agent-event socket. Everything it sends goes through its {@link OutboundFrames} (by way of its
 * {@link EventFrames}), so a slow reader gets every frame late rather than some never, frames never overtake each
 * other, and a close comes exactly after the frames queued before it.
 */
final class AgentConnection implements SocketFaults.Closable {

    /** How many of its last event frames a connection can send again (the {@code duplicates} fault). */
    static final int RECENT_FRAMES = 1000;

    private final String id;
    private final ServerWebSocket ws;
    private final Context context;
    private final String token;
    private final String tokenSerial;
    private final AtomicLong pongs = new AtomicLong();
    private final EventFrames out;

    private final Set<String> agents = new HashSet<>();
    private int subscriptions;
    private long pingTimer = -1;

    AgentConnection(String id, ServerWebSocket ws, HttpConnection tcp, Context context, String token, String tokenSerial) {
        this.id = id;
        this.ws = ws;
        this.context = context;
        this.token = token;
        this.tokenSerial = tokenSerial;
        this.out = new EventFrames(new OutboundFrames(ws, context, ws::writeTextMessage, OutboundFrames.closer(ws, tcp)),
                RECENT_FRAMES);
        ws.pongHandler(pong -> pongs.incrementAndGet());
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

    long pongs() {
        return pongs.get();
    }

    synchronized boolean wants(String agentId) {
        return agents.contains(agentId);
    }

    synchronized int subscriptions() {
        return subscriptions;
    }

    /** Counts a subscription from the moment it is accepted, before its ack goes out. */
    synchronized void reserveSubscription() {
        subscriptions++;
    }

    /** The ack goes out, and from then on the events of {@code agentIds}. */
    synchronized void activate(Collection<String> agentIds, String ack) {
        agents.addAll(agentIds);
        send(ack);
    }

    /** A frame that is no event (ack, reject, error). */
    synchronized void send(String frame) {
        out.send(frame);
    }

    synchronized void sendEvent(String frame) {
        out.sendEvent(frame);
    }

    /** Queues the last {@code count} event frames once more; returns how many that was. */
    synchronized int resendRecent(int count) {
        return out.resendRecent(count);
    }

    @Override
    public void closeAfter(int events, int code, String reason) {
        out.closeAfter(events, code, reason);
    }

    /** Closes now: what is still queued is dropped. */
    void closeNow(int code, String reason) {
        out.closeNow(code, reason);
    }

    synchronized void startPings(long intervalMs) {
        stopPings();
        pingTimer = context.owner().setPeriodic(intervalMs, tick -> ws.writePing(Buffer.buffer("ping")));
    }

    synchronized void stopPings() {
        if (pingTimer != -1) {
            context.owner().cancelTimer(pingTimer);
            pingTimer = -1;
        }
    }
}
