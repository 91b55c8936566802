package com.cxoneflows.guest;

import com.cxoneflows.stream.Timestamps;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Keeps the inbox to what the flow still needs (the {@code purge-guest-inbox} route): a routed conversation's row
 * only turns a later message of it into a count instead of a second routing, so once it was routed longer ago than
 * {@code cxone.guest.inbox.keep-routed} it is deleted, and counted as routed from then on. Pending and
 * dead-lettered conversations stay: the re-drive and a dead letter's replay need them.
 */
public class InboxRetention {

    private static final Logger LOG = LoggerFactory.getLogger(InboxRetention.class);
    /** Rows deleted in one transaction: H2 holds a transaction's undo log in memory. */
    static final int BATCH = 1_000;
    /** Batches in one run, so a first run over a large inbox leaves the timer's thread (and a shutdown) soon; the next run goes on. */
    static final int BATCHES_PER_RUN = 100;

    private final GuestInbox inbox;
    private final Clock clock;
    private final Duration keepRouted;

    /** @param keepRouted longer than zero (checked with the other settings at start: zero would route every later message again) */
    public InboxRetention(GuestInbox inbox, Clock clock, Duration keepRouted) {
        this.inbox = inbox;
        this.clock = clock;
        this.keepRouted = keepRouted;
    }

    /** Deletes the conversations routed longer ago than the retention (at most {@value #BATCHES_PER_RUN} batches); returns how many. */
    public int purge() {
        Instant before = clock.instant().minus(keepRouted);
        int purged = 0;
        for (int batch = 0; batch < BATCHES_PER_RUN; batch++) {
            int deleted = inbox.purgeRouted(before, BATCH);
            purged += deleted;
            if (deleted < BATCH) {
                break;
            }
        }
        if (purged > 0) {
            LOG.info("Guest inbox: {} conversations routed before {} deleted (cxone.guest.inbox.keep-routed)", purged,
                    Timestamps.format(before));
        }
        return purged;
    }
}
