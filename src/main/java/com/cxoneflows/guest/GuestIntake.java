package com.cxoneflows.guest;

import org.apache.camel.Exchange;

import java.time.Instant;
import java.util.List;

/**
 * The intake steps of {@code routes/guest-routing.camel.yaml} after a frame was read: the fingerprint limit,
 * then the durable inbox; and, at start, the conversations an earlier run accepted but did not finish.
 */
public class GuestIntake {

    /** Header: true when the fingerprint is over its window. */
    public static final String RATE_LIMITED = "CxoneGuestRateLimited";
    /** Header: true when the message is its conversation's first, which routes it. */
    public static final String FIRST_OF_CONVERSATION = "CxoneGuestFirstOfConversation";

    private final FingerprintRateLimiter limiter;
    private final GuestInbox inbox;
    private final GuestCounters counters;
    private final Instant startedAt;

    public GuestIntake(FingerprintRateLimiter limiter, GuestInbox inbox, GuestCounters counters, Instant startedAt) {
        this.limiter = limiter;
        this.inbox = inbox;
        this.counters = counters;
        this.startedAt = startedAt;
    }

    public void limitByFingerprint(Exchange exchange) {
        GuestMessage message = exchange.getIn().getBody(GuestMessage.class);
        boolean allowed = limiter.tryAcquire(message.fingerprint());
        if (!allowed) {
            counters.rateLimited.incrementAndGet();
        }
        exchange.getIn().setHeader(RATE_LIMITED, !allowed);
    }

    /** Stores the message before the reader moves on; the body becomes its JSON for the routing queue. */
    public void writeToInbox(Exchange exchange) {
        GuestMessage message = exchange.getIn().getBody(GuestMessage.class);
        boolean first = inbox.accept(message);
        counters.accepted.incrementAndGet();
        exchange.getIn().setHeader(FIRST_OF_CONVERSATION, first);
        exchange.getIn().setBody(message.toJson());
    }

    /** Conversations accepted before this start and never finished (a crash, a stop), to route again. */
    public List<String> unfinished() {
        return inbox.pendingBefore(startedAt).stream().map(GuestMessage::toJson).toList();
    }
}
