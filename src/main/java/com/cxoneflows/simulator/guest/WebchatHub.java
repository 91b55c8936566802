package com.cxoneflows.simulator.guest;

import com.cxoneflows.simulator.Recent;
import com.cxoneflows.simulator.TokenIssuer;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the web-chat sockets share: the authenticated integration sockets, the open guest sockets and the
 * counters. One lock covers handing a frame to every integration socket and letting a socket in, so every
 * socket gets the guest frames in one order and {@code auth.ok} comes before the first of them.
 */
final class WebchatHub {

    private final Clock clock;
    private final List<IntegrationConnection> authenticated = new ArrayList<>();
    /** The conversations pushed lately, for their count (a conversation seen again after 100,000 others counts anew). */
    private final Set<String> conversations = Recent.set();
    private long conversationCount;
    private long connectionSerial;
    private long guestSockets;
    private long framesPushed;
    private long messagesPushed;

    WebchatHub(Clock clock) {
        this.clock = clock;
    }

    synchronized String nextConnectionId() {
        return "webchat-" + ++connectionSerial;
    }

    /** {@code auth.ok} goes out, and from then on every guest frame. */
    synchronized void admit(IntegrationConnection connection, String token, String ok) {
        connection.authenticated(token, ok);
        authenticated.add(connection);
    }

    synchronized void unregister(IntegrationConnection connection) {
        authenticated.remove(connection);
    }

    synchronized void guestOpened() {
        guestSockets++;
    }

    synchronized void guestClosed() {
        guestSockets--;
    }

    /** Pushes a frame exactly as given (agent replies, system notices, and raw frames tests make up). */
    synchronized void push(String frame) {
        framesPushed++;
        authenticated.forEach(connection -> connection.send(frame));
    }

    /** Pushes a guest's message as contract §7's inbound frame. */
    synchronized void push(GuestMessage message) {
        messagesPushed++;
        if (conversations.add(message.conversationId())) {
            conversationCount++;
        }
        push(message.inboundFrame(clock.instant()));
    }

    /** Pushes frames as given, one after the other, with no other frame between them. */
    synchronized void pushFrames(List<String> frames) {
        frames.forEach(this::push);
    }

    /** Pushes guest messages, one after the other, with no other frame between them. */
    synchronized void pushMessages(List<GuestMessage> messages) {
        messages.forEach(this::push);
    }

    /** Closes with {@code 4001} every socket whose token has expired or was revoked. */
    synchronized void closeExpired(TokenIssuer tokens) {
        for (IntegrationConnection connection : List.copyOf(authenticated)) {
            if (tokens.validSerial(connection.token()).isEmpty()) {
                authenticated.remove(connection);
                connection.closeNow(4001, "token expired");
            }
        }
    }

    synchronized Map<String, Object> stats() {
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("framesPushed", framesPushed);
        stats.put("messagesPushed", messagesPushed);
        stats.put("conversations", conversationCount);
        stats.put("integrationSockets", authenticated.size());
        stats.put("guestSockets", guestSockets);
        return stats;
    }
}
