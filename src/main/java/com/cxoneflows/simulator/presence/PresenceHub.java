package com.cxoneflows.simulator.presence;

import com.cxoneflows.simulator.SimulatorContext;
import com.cxoneflows.simulator.SocketFaults;
import com.cxoneflows.simulator.TokenIssuer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * What the presence sockets share: the open connections, the faults armed for the next subscribes or the next
 * connection, and handing updates out. One lock covers making an update and handing it to the sockets, so each
 * socket gets each user's sequence in order unless a fault says otherwise.
 */
final class PresenceHub {

    private final PresenceWorld world;
    private final PresenceStats stats;
    private final List<PresenceConnection> open = new ArrayList<>();
    private final Random random = new Random();
    private final SocketFaults faults = new SocketFaults();
    private long connectionSerial;

    PresenceHub(PresenceWorld world, PresenceStats stats) {
        this.world = world;
        this.stats = stats;
    }

    synchronized String nextConnectionId() {
        return "presence-" + ++connectionSerial;
    }

    /** A socket is open: the close fault armed for the next connection hits it. */
    synchronized void register(PresenceConnection connection) {
        open.add(connection);
        stats.connections.incrementAndGet();
        faults.opened(connection);
    }

    synchronized void unregister(PresenceConnection connection) {
        open.remove(connection);
    }

    synchronized int openConnections() {
        return open.size();
    }

    /** Moves {@code count} random users on and hands each update to the sockets that want it. */
    synchronized void generate(int count) {
        for (int i = 0; i < count; i++) {
            publish(world.next(world.randomUser()));
        }
    }

    /** Moves one user on {@code count} times in a row. */
    synchronized void generate(int count, String userId) {
        for (int i = 0; i < count; i++) {
            publish(world.next(userId));
        }
    }

    /** Sets fields of one user now; returns the update's sequence. */
    synchronized long set(String userId, Map<String, Object> fields) {
        PresenceUpdate update = world.set(userId, fields);
        publish(update);
        return update.sequence();
    }

    private void publish(PresenceUpdate update) {
        stats.updatesGenerated.incrementAndGet();
        for (PresenceConnection connection : open) {
            if (connection.wants(update.userId())) {
                connection.sendUpdate(update);
            }
        }
    }

    /** Every open socket sends its last {@code count} update frames again; returns how many sockets. */
    synchronized int resendRecent(int count) {
        for (PresenceConnection connection : open) {
            stats.duplicatesSent.addAndGet(connection.resendRecent(count));
        }
        return open.size();
    }

    /**
     * {@code count} times, two updates of one subscribed user are made and each socket that wants the user gets the
     * newer one first; returns how many stale frames went out.
     */
    synchronized long sendOutOfOrder(int count) {
        long stale = 0;
        for (int i = 0; i < count; i++) {
            String userId = subscribedUser();
            PresenceUpdate older = world.next(userId);
            PresenceUpdate newer = world.next(userId);
            stats.updatesGenerated.addAndGet(2);
            for (PresenceConnection connection : open) {
                if (connection.wants(userId)) {
                    connection.sendOutOfOrder(older, newer);
                    stale++;
                }
            }
        }
        stats.outOfOrderSent.addAndGet(stale);
        return stale;
    }

    /** A user some open socket subscribed to (any user when none did). */
    private String subscribedUser() {
        List<PresenceConnection> subscribed = open.stream().filter(PresenceConnection::subscribed).toList();
        if (subscribed.isEmpty()) {
            return world.randomUser();
        }
        Set<String> filter = subscribed.get(random.nextInt(subscribed.size())).filter();
        return filter == null ? world.randomUser() : List.copyOf(filter).get(random.nextInt(filter.size()));
    }

    /**
     * Every socket subscribed to some users gets {@code count} updates of users it did not ask for (other sockets get
     * them as usual); returns how many such frames went out.
     */
    synchronized long sendOutsideFilters(int count) {
        long sent = 0;
        for (PresenceConnection connection : open) {
            Set<String> filter = connection.filter();
            if (filter == null || filter.size() >= world.ids().size()) {
                continue;
            }
            for (int i = 0; i < count; i++) {
                String userId = world.randomUser();
                while (filter.contains(userId)) {
                    userId = world.randomUser();
                }
                PresenceUpdate update = world.next(userId);
                publish(update);
                connection.sendUpdate(update);
                sent++;
            }
        }
        stats.outsideFilterSent.addAndGet(sent);
        return sent;
    }

    /**
     * Every subscribed socket gets {@code count} frames no client can apply, in turn: not JSON, an update without a
     * sequence, one without a user; returns how many went out.
     */
    synchronized long sendMalformed(int count) {
        List<String> malformed = List.of("this is not JSON",
                SimulatorContext.json(Map.of("type", "presence.update", "payload", Map.of("userId", world.randomUser(), "status", "Available"))),
                SimulatorContext.json(Map.of("type", "presence.update", "sequence", 1, "payload", Map.of("status", "Available"))));
        long sent = 0;
        for (PresenceConnection connection : open) {
            if (connection.subscribed()) {
                for (int i = 0; i < count; i++) {
                    connection.send(malformed.get(i % malformed.size()));
                    sent++;
                }
            }
        }
        stats.malformedSent.addAndGet(sent);
        return sent;
    }

    /** Arms a close on every open socket, or on the next one to open if none is; returns how many open sockets. */
    synchronized int closeConnections(SocketFaults.CloseFault close) {
        return faults.close(open, close);
    }

    /** The faults armed for the next subscribes. */
    SocketFaults faults() {
        return faults;
    }

    /** Answers {@code subscribed} and starts the updates, unless the socket closed meanwhile. */
    synchronized void activate(PresenceConnection connection, Set<String> userIds, String answer) {
        if (open.contains(connection)) {
            connection.subscribe(userIds, answer);
            stats.subscribes.incrementAndGet();
        }
    }

    synchronized void heartbeats(long intervalMs, long deadlineMs) {
        open.forEach(connection -> connection.heartbeat(intervalMs, deadlineMs));
    }

    /** Closes with {@code 4001} every socket whose token has expired or was revoked. */
    synchronized void closeExpired(TokenIssuer tokens) {
        for (PresenceConnection connection : open) {
            if (tokens.validSerial(connection.token()).isEmpty()) {
                connection.closeAfter(0, 4001, "token expired");
            }
        }
    }
}
