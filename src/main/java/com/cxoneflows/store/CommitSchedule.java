package com.cxoneflows.store;

import org.apache.camel.spi.ExecutorServiceManager;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * When a group of applied events is committed: once it holds {@code every} events or its first event is
 * {@code interval} old, whichever comes first, never one commit per event. The owner counts each event with
 * {@link #added()}, commits when that says so, and reports it with {@link #committed()}; a timer (run on a Camel
 * thread) calls the owner's commit-if-old so that a group is committed even when no event follows it. Not
 * thread-safe: the owner calls it under its own lock.
 */
public final class CommitSchedule {

    private final int every;
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private int events;
    private long firstNanos;
    private ScheduledExecutorService timer;

    /**
     * @param everyKey    the setting {@code every} came from, named when it is out of range
     * @param intervalKey the setting {@code interval} came from
     */
    public CommitSchedule(int every, Duration interval, String everyKey, String intervalKey, LongSupplier nanoTime) {
        if (every < 1) {
            throw new IllegalArgumentException(everyKey + " must be at least 1, was " + every);
        }
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException(intervalKey + " must be above 0, was " + interval);
        }
        this.every = every;
        this.intervalNanos = interval.toNanos();
        this.nanoTime = nanoTime;
    }

    /** Counts one event of the open group; true when the group is due. */
    public boolean added() {
        if (events++ == 0) {
            firstNanos = nanoTime.getAsLong();
        }
        return events >= every || isOld();
    }

    /** The open group holds an event that waited {@code interval}. */
    public boolean isOld() {
        return events > 0 && nanoTime.getAsLong() - firstNanos >= intervalNanos;
    }

    /** Events in the open group. */
    public int pending() {
        return events;
    }

    /** The open group is durable: the next event opens a new one. */
    public void committed() {
        events = 0;
    }

    /** Runs {@code commitIfOld} every half interval on a thread of Camel's executor manager. */
    public void start(ExecutorServiceManager executors, Object owner, String threadName, Runnable commitIfOld) {
        long period = Math.max(1, TimeUnit.NANOSECONDS.toMillis(intervalNanos) / 2);
        timer = executors.newSingleThreadScheduledExecutor(owner, threadName);
        timer.scheduleWithFixedDelay(commitIfOld, period, period, TimeUnit.MILLISECONDS);
    }

    /** Stops the timer; the owner then commits what is open. */
    public void stop(ExecutorServiceManager executors) {
        if (timer != null) {
            executors.shutdownGraceful(timer, 10_000);
            timer = null;
        }
    }
}
