package com.cxoneflows.simulator.contact;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One event of the log. Its SSE frame (LF line ends) is encoded once and shared by every connection that
 * sends it; events link to the next one, so a connection that lags behind retention still holds what it has
 * yet to send while the log itself forgets it.
 */
final class LoggedEvent {

    static final String TYPE = "contact.state.change";
    private static final int DATA_OFFSET = ("id: " + EventIds.format(0) + "\nevent: " + TYPE + "\ndata: ").length();

    private final long id;
    private final ContactState state;
    private final String queueId;
    private final byte[] frame;
    private volatile LoggedEvent next;

    private LoggedEvent(long id, ContactState state, String queueId, byte[] frame) {
        this.id = id;
        this.state = state;
        this.queueId = queueId;
        this.frame = frame;
    }

    /** A well-formed event (legal or illegal) that stream filters can judge by its state and queue. */
    static LoggedEvent of(long id, ContactState state, String queueId, Map<String, Object> data) {
        return new LoggedEvent(id, state, queueId, encode(JsonText.append(head(id), data)));
    }

    /** A malformed event: it has no state or queue to filter on, so it reaches every stream. */
    static LoggedEvent malformed(long id, String data) {
        return new LoggedEvent(id, null, null, encode(head(id).append(data)));
    }

    /** The place before the first event: where a connection starts that has seen nothing yet. */
    static LoggedEvent origin() {
        return new LoggedEvent(0, null, null, new byte[0]);
    }

    private static StringBuilder head(long id) {
        return new StringBuilder(384).append("id: ").append(EventIds.format(id)).append("\nevent: ").append(TYPE).append("\ndata: ");
    }

    private static byte[] encode(StringBuilder frame) {
        return frame.append("\n\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    long id() {
        return id;
    }

    boolean malformed() {
        return state == null;
    }

    ContactState state() {
        return state;
    }

    String queueId() {
        return queueId;
    }

    byte[] frame() {
        return frame;
    }

    /** The data line's text, for connections whose framing differs from the stored one. */
    String data() {
        return new String(frame, DATA_OFFSET, frame.length - DATA_OFFSET - 2, StandardCharsets.UTF_8);
    }

    LoggedEvent next() {
        return next;
    }

    void link(LoggedEvent following) {
        next = following;
    }
}
