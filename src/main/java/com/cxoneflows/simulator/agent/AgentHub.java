package com.cxoneflows.simulator.agent;

import com.cxoneflows.simulator.SocketFaults;
import com.cxoneflows.simulator.TokenIssuer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the agent-event sockets share: the open connections, the tenant's subscriptions, the armed stream
 * faults and the counters. One lock covers making events and handing them to the connections, so every
 * socket gets the tenant's sequence in order and a subscription starts at a clear point of it.
 */
final class AgentHub {

    /** Contract §3: a tenant holds at most 500 listeners (subscriptions). */
    static final int TENANT_SUBSCRIPTION_LIMIT = 500;

    /** How the hub answers a subscribe frame: an ack with the subscription id, a reject with its reason, or nothing. */
    record Decision(String subscriptionId, String rejectReason) {

        static final Decision NO_ANSWER = new Decision(null, null);
    }

    private final AgentWorld world;
    private final List<AgentConnection> open = new ArrayList<>();
    private final Map<String, Long> pongsOfClosed = new LinkedHashMap<>();
    private final SocketFaults faults = new SocketFaults();
    private long connectionSerial;
    private long subscriptionSerial;
    private long subscriptions;
    private long eventsGenerated;
    private long illegalInjected;
    private long duplicatesSent;
    private long malformedSent;
    private long subscribeFrames;

    AgentHub(AgentWorld world) {
        this.world = world;
    }

    synchronized String nextConnectionId() {
        return "conn-" + ++connectionSerial;
    }

    /** A socket is open: it pings, and the close fault armed for the next connection hits it. */
    synchronized void register(AgentConnection connection, long pingIntervalMs) {
        open.add(connection);
        connection.startPings(pingIntervalMs);
        faults.opened(connection);
    }

    /** A socket closed: its subscriptions no longer count against the tenant. */
    synchronized void unregister(AgentConnection connection) {
        if (open.remove(connection)) {
            connection.stopPings();
            subscriptions -= connection.subscriptions();
            pongsOfClosed.put(connection.id(), connection.pongs());
        }
    }

    /** Appends {@code count} legal events and hands them to the subscribers; returns the tenant sequence. */
    synchronized long generate(int count) {
        publish(world.legal(count));
        eventsGenerated += count;
        return world.sequence();
    }

    synchronized long injectIllegal(int count) {
        publish(world.illegal(count));
        illegalInjected += count;
        return world.sequence();
    }

    private void publish(List<AgentEvent> events) {
        for (AgentEvent event : events) {
            String frame = null;
            for (AgentConnection connection : open) {
                if (connection.wants(event.agentId())) {
                    if (frame == null) {
                        frame = event.frame();
                    }
                    connection.sendEvent(frame);
                }
            }
        }
    }

    /** Every subscribed socket gets {@code count} frames that are not JSON, in line with its events; returns how many went out. */
    synchronized long sendMalformed(int count) {
        long sent = 0;
        for (AgentConnection connection : open) {
            if (connection.subscriptions() > 0) {
                for (int i = 0; i < count; i++) {
                    connection.send("this is not JSON");
                    sent++;
                }
            }
        }
        malformedSent += sent;
        return sent;
    }

    /** Every open connection sends its last {@code count} event frames again; returns how many connections. */
    synchronized int resendRecent(int count) {
        for (AgentConnection connection : open) {
            duplicatesSent += connection.resendRecent(count);
        }
        return open.size();
    }

    /**
     * Arms a close on every open connection, or on the next one to open if none is; returns how many open
     * connections it armed.
     */
    synchronized int closeConnections(SocketFaults.CloseFault close) {
        return faults.close(open, close);
    }

    /** The faults armed for the next subscribes. */
    SocketFaults faults() {
        return faults;
    }

    synchronized void frameReceived() {
        subscribeFrames++;
    }

    /** Decides on a subscribe frame: armed faults first, then the frame's own validity, then the tenant limit. */
    synchronized Decision subscribe(AgentConnection connection, SubscribeFrame frame) {
        SocketFaults.SubscribeFault fault = faults.nextSubscribe();
        if (fault != null) {
            return fault.unanswered() ? Decision.NO_ANSWER : new Decision(null, fault.rejectReason());
        }
        if (frame.rejectReason() != null) {
            return new Decision(null, frame.rejectReason());
        }
        if (subscriptions >= TENANT_SUBSCRIPTION_LIMIT) {
            return new Decision(null, "tenant subscription limit of " + TENANT_SUBSCRIPTION_LIMIT + " reached");
        }
        subscriptions++;
        connection.reserveSubscription();
        return new Decision("sub-" + ++subscriptionSerial, null);
    }

    /** Sends the ack and starts the events, unless the socket closed meanwhile. */
    synchronized void activate(AgentConnection connection, Collection<String> agentIds, String ack) {
        if (open.contains(connection)) {
            connection.activate(agentIds, ack);
        }
    }

    synchronized void restartPings(long intervalMs) {
        open.forEach(connection -> connection.startPings(intervalMs));
    }

    /** Closes with {@code 4001} every socket whose token has expired or was revoked. */
    synchronized void closeExpired(TokenIssuer tokens) {
        for (AgentConnection connection : open) {
            if (tokens.validSerial(connection.token()).isEmpty()) {
                connection.closeNow(4001, "token expired");
            }
        }
    }

    synchronized Map<String, Object> stats() {
        Map<String, Long> pongsByConnection = new LinkedHashMap<>(pongsOfClosed);
        open.forEach(connection -> pongsByConnection.put(connection.id(), connection.pongs()));
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("eventsGenerated", eventsGenerated);
        stats.put("illegalInjected", illegalInjected);
        stats.put("duplicatesSent", duplicatesSent);
        stats.put("malformedSent", malformedSent);
        stats.put("connections", connectionSerial);
        stats.put("openConnections", open.size());
        stats.put("subscriptions", subscriptions);
        stats.put("pongs", pongsByConnection.values().stream().mapToLong(Long::longValue).sum());
        stats.put("pongsByConnection", pongsByConnection);
        stats.put("subscribeFrames", subscribeFrames);
        return stats;
    }
}
