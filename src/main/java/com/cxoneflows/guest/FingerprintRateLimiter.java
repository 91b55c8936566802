package com.cxoneflows.guest;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A sliding window per guest fingerprint (contract §7): at most {@code maxMessages} accepted messages in any
 * {@code window}. A message over the limit is rejected, not delayed, and does not count against the window, so
 * a guest who stops is let through again one window after their last accepted messages.
 * <p>
 * Memory is bounded: windows live in a Caffeine cache of at most {@code maxFingerprints} entries that forgets
 * a fingerprint one window after its last message. Caffeine's admission policy (W-TinyLFU) favours
 * fingerprints seen often, so a flood of one-off spoofed fingerprints evicts mostly its own kind, not the bot
 * that is being limited. Each window is {@code maxMessages} longs plus its counters.
 */
public class FingerprintRateLimiter {

    static final int MAX_MESSAGES_PER_WINDOW = 1000;

    private final int maxMessages;
    private final long windowMillis;
    private final Clock clock;
    private final Cache<String, Window> windows;

    public FingerprintRateLimiter(int maxMessages, Duration window, long maxFingerprints, Clock clock) {
        if (maxMessages < 1 || maxMessages > MAX_MESSAGES_PER_WINDOW) {
            // each fingerprint keeps one timestamp per message of its window: the bound keeps memory predictable
            throw new IllegalArgumentException("cxone.guest.rate-limit.max-messages must be between 1 and "
                    + MAX_MESSAGES_PER_WINDOW + ", was " + maxMessages);
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("cxone.guest.rate-limit.window must be above 0");
        }
        if (maxFingerprints < 1) {
            throw new IllegalArgumentException("cxone.guest.rate-limit.max-fingerprints must be at least 1");
        }
        this.maxMessages = maxMessages;
        this.windowMillis = window.toMillis();
        this.clock = clock;
        // maintenance on the caller's thread: one web-chat reader calls this, a hand-off costs more than the work
        this.windows = Caffeine.newBuilder().maximumSize(maxFingerprints).expireAfterAccess(window)
                .executor(Runnable::run).build();
    }

    /** True if a message of {@code fingerprint} may pass now; counted only then. */
    public boolean tryAcquire(String fingerprint) {
        long now = clock.millis();
        Window window = windows.get(fingerprint, key -> new Window(maxMessages));
        return window.tryAcquire(now, windowMillis);
    }

    /** Fingerprints known now (at most the configured bound). */
    public long trackedFingerprints() {
        windows.cleanUp();
        return windows.estimatedSize();
    }

    /** The fingerprints with the most rejected messages, most first. */
    public List<Map<String, Object>> topRejected(int limit) {
        // counts are read once: the reader thread goes on changing them while this sorts
        record Rejections(String fingerprint, long count) {
        }
        return windows.asMap().entrySet().stream()
                .map(entry -> new Rejections(entry.getKey(), entry.getValue().rejected()))
                .filter(rejections -> rejections.count() > 0)
                .sorted(Comparator.comparingLong(Rejections::count).reversed())
                .limit(limit)
                .map(rejections -> {
                    Map<String, Object> top = new LinkedHashMap<>();
                    top.put("fingerprint", rejections.fingerprint());
                    top.put("count", rejections.count());
                    return top;
                })
                .toList();
    }

    /** The times of the last accepted messages, in a ring: the oldest is the next slot. */
    private static final class Window {

        private final long[] acceptedAt;
        private int next;
        private int filled;
        private long rejected;

        Window(int size) {
            acceptedAt = new long[size];
        }

        synchronized boolean tryAcquire(long now, long windowMillis) {
            if (filled == acceptedAt.length && acceptedAt[next] > now - windowMillis) {
                rejected++;
                return false;
            }
            acceptedAt[next] = now;
            next = (next + 1) % acceptedAt.length;
            filled = Math.min(filled + 1, acceptedAt.length);
            return true;
        }

        synchronized long rejected() {
            return rejected;
        }
    }
}
