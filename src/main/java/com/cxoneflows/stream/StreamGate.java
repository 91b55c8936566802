package com.cxoneflows.stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * The running/stopped switch a stream reader loops on: it waits here between attempts, and while a server told
 * it to stop (SSE {@code 204}, a non-retryable close) until {@link #restart()} — over the API or JMX — or shutdown.
 */
public final class StreamGate {

    private static final Logger LOG = LoggerFactory.getLogger(StreamGate.class);

    private final StreamState state;
    private final Object lock = new Object();
    private volatile boolean running;
    private volatile boolean stopped;

    public StreamGate(StreamState state) {
        this.state = state;
        state.onRestart(this::restart);
    }

    public void open() {
        running = true;
        state.active(true);
    }

    /** Shutdown: wakes the reader so it can leave. */
    public void close() {
        running = false;
        state.active(false);
        wake();
    }

    public boolean isRunning() {
        return running;
    }

    /** The stream stops until restarted; says so once, with the way back. */
    public void stop(String why) {
        stopped = true;
        state.stopped(true);
        state.connected(false);
        state.lastError(why);
        LOG.warn("Stream {} stopped: {}; restart it with POST /api/streams/{}/restart", state.name(), why, state.name());
    }

    /** Restarts a stopped stream; false if it was not stopped. */
    public boolean restart() {
        if (!stopped) {
            return false;
        }
        LOG.info("Stream {} restarted", state.name());
        stopped = false;
        state.stopped(false);
        wake();
        return true;
    }

    /** Blocks while the stream is stopped and the reader is running. */
    public void awaitNotStopped() {
        synchronized (lock) {
            while (running && stopped) {
                waitOn(0);
            }
        }
    }

    /** Waits before the next attempt; shutdown or a restart cut it short. */
    public void pause(Duration delay) {
        if (delay.isZero() || !running) {
            return;
        }
        synchronized (lock) {
            waitOn(delay.toMillis());
        }
    }

    private void waitOn(long millis) {
        try {
            lock.wait(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private void wake() {
        synchronized (lock) {
            lock.notifyAll();
        }
    }
}
