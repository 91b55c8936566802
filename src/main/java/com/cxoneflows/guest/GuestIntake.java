package com.cxoneflows.guest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The intake steps of {@code routes/guest-routing.camel.yaml} after the frames were read: the fingerprint
 * limit, then the durable inbox, one commit for the frames read together; and the accepted conversations
 * nothing is routing any more, to route again.
 */
public class GuestIntake {

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

    /** Takes out the messages whose fingerprint is over its window (counted, refused alone); the rest go on. */
    public void limitByFingerprint(GuestFrameBatch batch) {
        batch.messages.removeIf(message -> {
            boolean allowed = limiter.tryAcquire(message.fingerprint());
            if (!allowed) {
                counters.rateLimited.incrementAndGet();
            }
            return !allowed;
        });
    }

    /**
     * Commits the batch's messages in one transaction before the reader moves on; only then are they accepted.
     * Returns the JSON of each conversation's first message, for the routing queue: later ones go no further.
     */
    public List<String> writeToInbox(GuestFrameBatch batch) {
        List<GuestMessage> firsts = inbox.accept(batch.messages);
        counters.accepted.addAndGet(batch.messages.size());
        List<String> toRoute = new ArrayList<>(firsts.size());
        for (GuestMessage first : firsts) {
            inFlight.start(first.conversationId());
            toRoute.add(first.toJson());
        }
        return toRoute;
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
