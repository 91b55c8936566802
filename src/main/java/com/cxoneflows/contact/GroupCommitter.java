package com.cxoneflows.contact;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.camel.spi.ExecutorServiceManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Commits the contact store's groups: a group is due once it holds {@code commitEvery} events or is
 * {@code commitInterval} old, whichever comes first. A group handed over is written on the committer thread while the
 * stream goes on with the next one, retried until it is durable; groups commit in order, and one at most is in flight,
 * so memory stays bounded. A timer hands over a group that is old enough even if no event follows it.
 */
final class GroupCommitter {

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitter.class);

    private final ContactTables tables;
    private final CommittedContacts committed;
    private final ContactLog log;
    private final ExecutorServiceManager executors;
    private final Clock clock;
    private final Ticker ticker;
    private final int commitEvery;
    private final Duration commitInterval;
    private final Timer commitLatency;
    private final Timer eventToCommit;

    /** The group being written by the committer thread, if any. */
    private volatile CommitGroup committing;
    /**
     * Held while a group is being written. Not the store's monitor: the stream thread takes that for every event,
     * and a committer that needed it to finish a group waited behind the stream (measured: 17 s in one benchmark).
     */
    private final Semaphore inFlight = new Semaphore(1);
    /** Writes the handed-over groups, one at a time. */
    private ExecutorService committer;
    /**
     * Hands over a group that is old enough. Not the committer's thread: it waits for the store's monitor, which the
     * stream thread may hold while it waits for the committer.
     */
    private ScheduledExecutorService timer;

    GroupCommitter(ContactTables tables, CommittedContacts committed, ContactLog log, ExecutorServiceManager executors,
                   Clock clock, Ticker ticker, MeterRegistry meters, int commitEvery, Duration commitInterval) {
        if (commitEvery < 1) {
            throw new IllegalArgumentException("cxone.contacts.commit-every must be at least 1");
        }
        if (commitInterval.isZero()) {
            throw new IllegalArgumentException("cxone.contacts.commit-interval must be above 0");
        }
        this.tables = tables;
        this.committed = committed;
        this.log = log;
        this.executors = executors;
        this.clock = clock;
        this.ticker = ticker;
        this.commitEvery = commitEvery;
        this.commitInterval = commitInterval;
        this.commitLatency = Timer.builder("cxone.contacts.commit").description("Time to commit one group of contact events")
                .publishPercentiles(0.5, 0.99).register(meters);
        this.eventToCommit = Timer.builder("cxone.contacts.event.latency")
                .description("From an event's timestamp to the commit of its effect")
                .publishPercentiles(0.5, 0.95, 0.99).register(meters);
    }

    /** A group holding {@code commitEvery} events, or {@link #isOld old}. */
    boolean isDue(CommitGroup group) {
        return group.events >= commitEvery || isOld(group);
    }

    /** A group {@code commitInterval} old. */
    boolean isOld(CommitGroup group) {
        return group.isOlderThan(commitInterval.toNanos());
    }

    /** The group being written on the committer thread, or null. */
    CommitGroup committing() {
        return committing;
    }

    /** Starts the committer thread, and the timer that runs {@code handOverIfOld} every half commit-interval. */
    void start(Runnable handOverIfOld) {
        long period = Math.max(1, commitInterval.toMillis() / 2);
        committer = executors.newSingleThreadExecutor(this, "contact-store-commit");
        timer = executors.newSingleThreadScheduledExecutor(this, "contact-store-timer");
        timer.scheduleWithFixedDelay(handOverIfOld, period, period, TimeUnit.MILLISECONDS);
    }

    /** Stops handing over old groups: the first step of a shutdown, before the last group is committed. */
    void stopTimer() {
        shutdown(timer);
    }

    /** Stops the committer thread once the group it writes is durable. */
    void stop() {
        shutdown(committer);
    }

    private void shutdown(ExecutorService executor) {
        if (executor != null) {
            executors.shutdownGraceful(executor, 10_000);
        }
    }

    /**
     * Hands the group to the committer thread, so the stream goes on while it is written. If the previous group is
     * still being written, waits for it: one group in flight at most.
     */
    void handOver(CommitGroup group) {
        awaitCommitter();
        committing = group;
        committer.execute(() -> writeCommitting(group));
    }

    /** Writes the group on the caller's thread once the group in flight is written: both are durable on return. */
    void commitNow(CommitGroup group) {
        awaitCommitter();
        try {
            if (!group.isEmpty()) {
                write(group);
            }
        } finally {
            inFlight.release();
        }
    }

    /** Takes the in-flight permit: waits until the previous group is written. */
    private void awaitCommitter() {
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the previous contact group was being committed");
        }
    }

    /**
     * On the committer thread, holding the in-flight permit: writes the handed-over group, retrying until it is
     * durable.
     */
    private void writeCommitting(CommitGroup group) {
        long delay = 100;
        while (true) {
            try {
                write(group);
                break;
            } catch (RuntimeException e) {
                LOG.warn("Contact store: commit failed, retrying in {} ms: {}", delay, e.getMessage());
                try {
                    TimeUnit.MILLISECONDS.sleep(delay);
                } catch (InterruptedException stopped) {
                    Thread.currentThread().interrupt();
                    return;
                }
                delay = Math.min(delay * 2, 5000);
            }
        }
        // after write() made its contacts committed: a reader finds them in one place or the other
        committing = null;
        inFlight.release();
    }

    /** One transaction for the group, then its contacts are read as committed; measures the commit. */
    private void write(CommitGroup group) {
        long started = ticker.read();
        ContactLog.Rows rows = log.rows(group.contacts.values());
        long seq = tables.commit(group, rows.rows());
        committed.committed(rows.records(), seq);
        long now = clock.millis();
        commitLatency.record(ticker.read() - started, TimeUnit.NANOSECONDS);
        for (long timestamp : group.timestamps()) {
            eventToCommit.record(Math.max(0, now - timestamp), TimeUnit.MILLISECONDS);
        }
    }
}
