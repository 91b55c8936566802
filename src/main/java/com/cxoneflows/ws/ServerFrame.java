package com.cxoneflows.ws;

/**
 * What a text frame from the server means to the session, as a {@link CxoneWsProtocol} reads it.
 *
 * @param kind   what to do with it
 * @param detail the reject reason, or the frame to send back for {@link Kind#REPLY}
 */
public record ServerFrame(Kind kind, String detail) {

    public enum Kind {
        /** A subscription (or the authentication) was accepted. */
        ACK,
        /** A subscription (or the authentication) was refused; detail is the reason. */
        REJECT,
        /** A stream event: the only kind the route receives. */
        EVENT,
        /** A frame the client must answer (heartbeat); detail is the answer. */
        REPLY,
        /** Anything else: protocol chatter, counted and dropped. */
        IGNORE
    }

    public static ServerFrame ack() {
        return new ServerFrame(Kind.ACK, null);
    }

    public static ServerFrame reject(String reason) {
        return new ServerFrame(Kind.REJECT, reason);
    }

    public static ServerFrame event() {
        return new ServerFrame(Kind.EVENT, null);
    }

    public static ServerFrame reply(String frame) {
        return new ServerFrame(Kind.REPLY, frame);
    }

    public static ServerFrame ignore() {
        return new ServerFrame(Kind.IGNORE, null);
    }
}
