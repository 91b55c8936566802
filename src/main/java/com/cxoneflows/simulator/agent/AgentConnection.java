package com.cxoneflows.simulator.agent;

import com.cxoneflows.simulator.OutboundFrames;
import com.cxoneflows.simulator.OutboundFrames.Close;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.ServerWebSocket;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One open agent-event socket. Everything it sends goes through its {@link OutboundFrames}, so a slow reader
 * gets every frame late rather than some never, frames never overtake each other, and a close comes exactly
 * after the frames queued before it.
 */
final class AgentConnection {

    /** How many of its last event frames a connection can send again (the {@code duplicates} fault). */
    static final int RECENT_FRAMES = 1000;

    private final String id;
    private final ServerWebSocket ws;
    private final Context context;
    private final String token;
    private final String tokenSerial;
    private final AtomicLong pongs = new AtomicLong();
    private final OutboundFrames out;

    private final Deque<String> recent = new ArrayDeque<>();
    private final Set<String> agents = new HashSet<>();
    private int subscriptions;
    private int eventsUntilClose = -1;
    private Close armedClose;
    private long pingTimer = -1;

    AgentConnection(String id, ServerWebSocket ws, HttpConnection tcp, Context context, String token, String tokenSerial) {
        this.id = id;
        this.ws = ws;
        this.context = context;
        this.token = token;
        this.tokenSerial = tokenSerial;
        this.out = new OutboundFrames(ws, context, ws::writeTextMessage, OutboundFrames.closer(ws, tcp));
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
        if (out.closing()) {
            return;
        }
        recent.addLast(frame);
        if (recent.size() > RECENT_FRAMES) {
            recent.removeFirst();
        }
        out.send(frame);
        if (eventsUntilClose > 0 && --eventsUntilClose == 0) {
            out.close(armedClose);
        }
    }

    /** Queues the last {@code count} event frames once more; returns how many that was. */
    synchronized int resendRecent(int count) {
        if (out.closing()) {
            return 0;
        }
        List<String> last = new ArrayList<>(recent);
        List<String> again = last.subList(Math.max(0, last.size() - count), last.size());
        again.forEach(out::send);
        return again.size();
    }

    /** Closes after {@code events} more event frames (0: after what is queued now). */
    synchronized void closeAfter(int events, int code, String reason) {
        if (out.closing()) {
            return;
        }
        if (events == 0) {
            out.close(new Close(code, reason));
        } else {
            armedClose = new Close(code, reason);
            eventsUntilClose = events;
        }
    }

    /** Closes now: what is still queued is dropped. */
    synchronized void closeNow(int code, String reason) {
        out.closeNow(new Close(code, reason));
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
