package com.cxoneflows.presence;

import io.vertx.core.Context;
import io.vertx.core.http.HttpServerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * One browser on the feed: its own bounded queue of events, written on its connection's event loop only while
 * Vert.x's write queue has room. When the queue is full (the browser reads slower than the feed runs) the backlog
 * is dropped and a fresh snapshot goes next instead, counted; the feed itself never waits for a browser.
 */
final class BrowserClient {

    private static final Logger LOG = LoggerFactory.getLogger(BrowserClient.class);
    static final String KEEP_ALIVE = ": keep-alive\n";

    private final long number;
    private final String address;
    private final HttpServerResponse response;
    private final Context context;
    private final PresenceFeed feed;
    private final int bound;
    private final Deque<PresenceFeed.FeedEvent> queue = new ArrayDeque<>();
    /** The backlog was dropped: a snapshot goes next. */
    private boolean behind;
    /** Overflows so far: a snapshot taken while another overflow dropped newer events is taken again. */
    private long overflows;
    private long resyncs;
    private boolean scheduled;
    private volatile boolean closed;
    private volatile long lastWrite = System.nanoTime();

    BrowserClient(long number, String address, HttpServerResponse response, Context context, PresenceFeed feed, int bound) {
        this.number = number;
        this.address = address;
        this.response = response;
        this.context = context;
        this.feed = feed;
        this.bound = bound;
    }

    /** The first events to send, whatever their number: the replay after Last-Event-ID, or a snapshot. */
    void open(List<PresenceFeed.FeedEvent> opening) {
        synchronized (this) {
            queue.addAll(opening);
        }
        schedule();
    }

    /** Queues an event for this browser; called by the feed under its lock, from the publishing thread. */
    void offer(PresenceFeed.FeedEvent event) {
        synchronized (this) {
            if (closed) {
                return;
            }
            if (queue.size() >= bound) {
                queue.clear();
                overflows++;
                if (!behind) {
                    behind = true;
                    resyncs++;
                    feed.resynced();
                    LOG.info("Presence feed browser #{} ({}) fell {} events behind: a fresh snapshot replaces its backlog "
                            + "(resync {} of this browser)", number, address, bound, resyncs);
                }
            }
            queue.addLast(event);
        }
        schedule();
    }

    void keepAliveIfIdle(Duration idle) {
        if (!closed && System.nanoTime() - lastWrite >= idle.toNanos()) {
            context.runOnContext(run -> {
                if (!closed && !response.writeQueueFull() && System.nanoTime() - lastWrite >= idle.toNanos()) {
                    write(KEEP_ALIVE);
                }
            });
        }
    }

    void closed() {
        closed = true;
        synchronized (this) {
            queue.clear();
        }
        feed.detach(this);
    }

    private void schedule() {
        synchronized (this) {
            if (scheduled || closed) {
                return;
            }
            scheduled = true;
        }
        context.runOnContext(run -> flush());
    }

    /** Writes what is queued while the connection takes it; the drain handler calls again once it has room. */
    void flush() {
        synchronized (this) {
            scheduled = false;
        }
        while (!closed && !response.writeQueueFull()) {
            String text = next();
            if (text == null) {
                return;
            }
            write(text);
        }
    }

    private String next() {
        long overflowsBefore;
        synchronized (this) {
            if (!behind) {
                PresenceFeed.FeedEvent event = queue.pollFirst();
                return event == null ? null : event.text();
            }
            overflowsBefore = overflows;
        }
        PresenceFeed.FeedEvent snapshot = feed.snapshot();
        synchronized (this) {
            if (overflows == overflowsBefore) {
                behind = false;
                queue.removeIf(event -> event.id() <= snapshot.id());
            }
        }
        return snapshot.text();
    }

    private void write(String text) {
        lastWrite = System.nanoTime();
        response.write(text).onFailure(failed -> closed());
    }
}
