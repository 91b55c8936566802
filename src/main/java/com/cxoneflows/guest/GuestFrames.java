package com.cxoneflows.guest;

import com.cxoneflows.store.RejectedEvent;
import com.cxoneflows.store.RejectedEventStore;
import com.cxoneflows.stream.StreamState;
import com.cxoneflows.ws.CxoneWsConstants;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;

/**
 * Reads one web-chat frame (contract §7). A guest message ({@code type=message}, {@code direction=inbound})
 * becomes a {@link GuestMessage} body; any other well-formed frame is ignored; a frame that is not JSON, has no
 * {@code conversationId}, no non-empty {@code text}, or is over {@code cxone.guest.max-frame-bytes} is bad
 * input, which {@link #recordBad} counts and keeps, with its reason, for {@code /api/rejected-events}.
 */
public class GuestFrames {

    /** Header: {@code message}, {@code ignored} or {@code bad}. */
    public static final String VERDICT = "CxoneGuestFrame";
    /** Header: why a bad frame is bad. */
    public static final String BAD_REASON = "CxoneGuestBadReason";

    static final String FLOW = "guest-routing";
    private static final Logger LOG = LoggerFactory.getLogger(GuestFrames.class);
    private static final int KEPT_DATA = 2000;
    /** Longest conversation id, queue id and fingerprint kept (the inbox's columns). */
    static final int MAX_ID = 200;

    private final ObjectMapper json;
    private final Clock clock;
    private final String defaultQueue;
    private final int maxFrameBytes;
    private final GuestCounters counters;
    private final StreamState stream;
    private final RejectedEventStore rejected;

    public GuestFrames(ObjectMapper json, Clock clock, String defaultQueue, int maxFrameBytes, GuestCounters counters,
                       StreamState stream, RejectedEventStore rejected) {
        this.json = json;
        this.clock = clock;
        this.defaultQueue = defaultQueue;
        this.maxFrameBytes = maxFrameBytes;
        this.counters = counters;
        this.stream = stream;
        this.rejected = rejected;
    }

    public void read(Exchange exchange) {
        counters.received.incrementAndGet();
        String frame = exchange.getIn().getBody(String.class);
        Long receivedAt = exchange.getIn().getHeader(CxoneWsConstants.RECEIVED_AT, Long.class);
        Instant at = receivedAt == null ? clock.instant() : Instant.ofEpochMilli(receivedAt);
        // at most 3 UTF-8 bytes per char: most frames are known to be small enough without encoding them
        int bytes = frame == null || frame.length() * 3L <= maxFrameBytes ? 0 : frame.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxFrameBytes) {
            bad(exchange, "frame of " + bytes + " bytes is over cxone.guest.max-frame-bytes (" + maxFrameBytes + ")");
            return;
        }
        JsonNode root;
        try {
            root = frame == null ? null : json.readTree(frame);
        } catch (Exception notJson) {
            root = null;
        }
        if (root == null || !root.isObject()) {
            bad(exchange, "not a JSON object");
            return;
        }
        if (!"message".equals(root.path("type").asText()) || !"inbound".equals(root.path("direction").asText())) {
            exchange.getIn().setHeader(VERDICT, "ignored");
            return;
        }
        String conversationId = text(root.get("conversationId"));
        if (conversationId == null) {
            bad(exchange, "no conversationId");
            return;
        }
        if (!isIdentifier(conversationId)) {
            bad(exchange, "conversationId longer than " + MAX_ID + " characters or with control characters");
            return;
        }
        String text = text(root.get("text"));
        if (text == null) {
            bad(exchange, "no non-empty text");
            return;
        }
        String queue = firstText(root.at("/metadata/routing/queueId"));
        if (queue != null && !isIdentifier(queue)) {
            bad(exchange, "queueId longer than " + MAX_ID + " characters or with control characters");
            return;
        }
        String fingerprint = firstText(root.at("/metadata/browserFingerprint"), root.at("/guest/fingerprint"));
        exchange.getIn().setHeader(VERDICT, "message");
        exchange.getIn().setBody(new GuestMessage(conversationId,
                fingerprint == null ? "conversation:" + conversationId : limiterKey(fingerprint),
                queue == null ? defaultQueue : queue, text.replace("\0", ""), at));
    }

    /** Counts a bad frame and keeps it with its reason; the socket goes on. */
    public void recordBad(Exchange exchange) {
        String reason = exchange.getIn().getHeader(BAD_REASON, String.class);
        String frame = exchange.getIn().getBody(String.class);
        counters.badFrames.incrementAndGet();
        stream.malformed();
        String data = frame == null ? null : frame.substring(0, Math.min(frame.length(), KEPT_DATA));
        rejected.add(new RejectedEvent(0, FLOW, null, conversationIdOf(frame), null, null, reason, clock.instant(), data));
        LOG.warn("Bad web-chat frame refused: {}", reason);
    }

    private void bad(Exchange exchange, String reason) {
        exchange.getIn().setHeader(VERDICT, "bad");
        exchange.getIn().setHeader(BAD_REASON, reason);
    }

    /** The conversation a bad frame names, if it can be read at all (only small frames are tried). */
    private String conversationIdOf(String frame) {
        if (frame == null || frame.length() > maxFrameBytes) {
            return null;
        }
        try {
            return text(json.readTree(frame).get("conversationId"));
        } catch (Exception unreadable) {
            return null;
        }
    }

    /** Ids are stored and sent as they are: short, and printable (PostgreSQL refuses NUL in text). */
    private static boolean isIdentifier(String value) {
        return value.length() <= MAX_ID && value.chars().noneMatch(Character::isISOControl);
    }

    /**
     * The fingerprint as the limiter and the inbox key it: control characters dropped, at most {@value #MAX_ID}
     * characters, so that a frame-sized spoofed fingerprint costs the limiter no more than a real one.
     */
    private static String limiterKey(String fingerprint) {
        String printable = fingerprint.chars().anyMatch(Character::isISOControl)
                ? fingerprint.codePoints().filter(c -> !Character.isISOControl(c))
                        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString()
                : fingerprint;
        return printable.length() <= MAX_ID ? printable : printable.substring(0, MAX_ID);
    }

    private static String firstText(JsonNode... candidates) {
        for (JsonNode candidate : candidates) {
            String value = text(candidate);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static String text(JsonNode node) {
        return node != null && node.isTextual() && !node.asText().isBlank() ? node.asText() : null;
    }
}
