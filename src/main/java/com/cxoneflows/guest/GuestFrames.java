package com.cxoneflows.guest;

import com.cxoneflows.store.RejectedEvent;
import com.cxoneflows.store.RejectedEventStore;
import com.cxoneflows.stream.StreamEvent;
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
import java.util.List;

/**
 * Reads the web-chat frames of an exchange (contract §7): one, or the batch cxone-ws read together. A guest
 * message ({@code type=message}, {@code direction=inbound}) becomes a {@link GuestMessage}; any other
 * well-formed frame is ignored; a frame that is not JSON, has no
 * {@code conversationId}, no non-empty {@code text}, or is over {@code cxone.guest.max-frame-bytes} is bad
 * input, which {@link #recordBad} counts and keeps, with its reason, for {@code /api/rejected-events}.
 */
public class GuestFrames {

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

    /** The body (one frame, or a batch of {@link StreamEvent}s) becomes a {@link GuestFrameBatch}. */
    public GuestFrameBatch read(Exchange exchange) {
        GuestFrameBatch batch = new GuestFrameBatch();
        if (exchange.getIn().getBody() instanceof List<?> events) {
            for (Object event : events) {
                StreamEvent frame = (StreamEvent) event;
                read(frame.data(), Instant.ofEpochMilli(frame.receivedAt()), batch);
            }
        } else {
            Long receivedAt = exchange.getIn().getHeader(CxoneWsConstants.RECEIVED_AT, Long.class);
            read(exchange.getIn().getBody(String.class), receivedAt == null ? clock.instant() : Instant.ofEpochMilli(receivedAt),
                    batch);
        }
        return batch;
    }

    private void read(String frame, Instant at, GuestFrameBatch batch) {
        counters.received.incrementAndGet();
        String reason = check(frame, at, batch.messages);
        if (reason != null) {
            batch.bad.add(new GuestFrameBatch.BadFrame(frame, reason));
        }
    }

    /** Adds the frame's guest message, if it is one, to {@code messages}; returns why the frame is bad, or null. */
    private String check(String frame, Instant at, List<GuestMessage> messages) {
        // at most 3 UTF-8 bytes per char: most frames are known to be small enough without encoding them
        int bytes = frame == null || frame.length() * 3L <= maxFrameBytes ? 0 : frame.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxFrameBytes) {
            return "frame of " + bytes + " bytes is over cxone.guest.max-frame-bytes (" + maxFrameBytes + ")";
        }
        JsonNode root;
        try {
            root = frame == null ? null : json.readTree(frame);
        } catch (Exception notJson) {
            root = null;
        }
        if (root == null || !root.isObject()) {
            return "not a JSON object";
        }
        if (!"message".equals(root.path("type").asText()) || !"inbound".equals(root.path("direction").asText())) {
            return null; // agent replies, system notices: not the guest's
        }
        String conversationId = text(root.get("conversationId"));
        if (conversationId == null) {
            return "no conversationId";
        }
        if (!isIdentifier(conversationId)) {
            return "conversationId longer than " + MAX_ID + " characters or with control characters";
        }
        String text = text(root.get("text"));
        if (text == null) {
            return "no non-empty text";
        }
        String queue = firstText(root.at("/metadata/routing/queueId"));
        if (queue != null && !isIdentifier(queue)) {
            return "queueId longer than " + MAX_ID + " characters or with control characters";
        }
        String fingerprint = firstText(root.at("/metadata/browserFingerprint"), root.at("/guest/fingerprint"));
        messages.add(new GuestMessage(conversationId,
                fingerprint == null ? "conversation:" + conversationId : limiterKey(fingerprint),
                queue == null ? defaultQueue : queue, text.replace("\0", ""), at));
        return null;
    }

    /** Counts each bad frame of the batch and keeps it with its reason; the socket goes on. */
    public void recordBad(GuestFrameBatch batch) {
        for (GuestFrameBatch.BadFrame bad : batch.bad) {
            counters.badFrames.incrementAndGet();
            stream.malformed();
            String data = bad.frame() == null ? null : bad.frame().substring(0, Math.min(bad.frame().length(), KEPT_DATA));
            rejected.add(new RejectedEvent(0, FLOW, null, conversationIdOf(bad.frame()), null, null, bad.reason(),
                    clock.instant(), data));
            LOG.warn("Bad web-chat frame refused: {}", bad.reason());
        }
        batch.bad.clear();
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
