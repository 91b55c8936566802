package com.cxoneflows.guest;

import org.apache.camel.Exchange;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The intake steps of {@code routes/guest-routing.camel.yaml} after a frame was read: the fingerprint limit,
 * then the durable inbox; and the accepted conversations nothing is routing any more, to route again.
 */
public class GuestIntake {

    /** Header: true when the fingerprint is over its window. */
    public static final String RATE_LIMITED = "CxoneGuestRateLimited";
    /** Header: true when the message is its conversation's first, which routes it. */
    public static final String FIRST_OF_CONVERSATION = "CxoneGuestFirstOfConversation";

    private final FingerprintRateLimiter limiter;
    private final GuestInbox inbox;
    private final GuestCounters counters;
    private final ConversationsInFlight inFlight;
    private final Clock clock;
    private final Instant startedAt;
    private final Duration redriveAfter;

    public GuestIntake(FingerprintRateLimiter limiter, GuestInbox inbox, GuestCounters counters, ConversationsInFlight inFlight,
                       Clock clock, Duration redriveAfter) {
        this.limiter = limiter;
        this.inbox = inbox;
        this.counters = counters;
        this.inFlight = inFlight;
        this.clock = clock;
        this.startedAt = clock.instant();
        this.redriveAfter = redriveAfter;
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
        if (first) {
            inFlight.start(message.conversationId());
        }
        exchange.getIn().setHeader(FIRST_OF_CONVERSATION, first);
        exchange.getIn().setBody(message.toJson());
    }

    /**
     * Conversations to route again: those an earlier run accepted and did not finish (a crash, a stop), and those
     * of this run that stayed unfinished for {@code cxone.guest.redrive-after} without anything routing them (the
     * dead-letter path itself failed, e.g. with the store down).
     */
    public List<String> unfinished() {
        Instant stale = clock.instant().minus(redriveAfter);
        Instant before = stale.isAfter(startedAt) ? stale : startedAt;
        return inbox.pendingBefore(before).stream()
                .filter(message -> inFlight.start(message.conversationId()))
                .map(GuestMessage::toJson)
                .toList();
    }
}
