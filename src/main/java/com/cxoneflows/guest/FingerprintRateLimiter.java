package com.cxoneflows.guest;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Clock;
import java.time.Duration;
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
 * <p>
 * The fingerprints rejected most are kept apart from the windows, for the product's life: a bot must not drop
 * out of {@code topRateLimited} once its window is forgotten. They are a Space-Saving list of
 * {@value #TOP_REJECTED_CAPACITY} fingerprints, so memory stays bounded under any flood, and every fingerprint
 * with more than 1/{@value #TOP_REJECTED_CAPACITY} of all rejected messages is on it.
 */
public class FingerprintRateLimiter {

    static final int MAX_MESSAGES_PER_WINDOW = 1000;
    /** Fingerprints the rejection ranking keeps (at most about 600 bytes each, a fingerprint being 200 characters). */
    static final int TOP_REJECTED_CAPACITY = 1000;

    private final int maxMessages;
    private final long windowMillis;
    private final Clock clock;
    private final Cache<String, Window> windows;
    private final SpaceSavingTopK rejected = new SpaceSavingTopK(TOP_REJECTED_CAPACITY);

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
        if (window.tryAcquire(now, windowMillis)) {
            return true;
        }
        rejected.add(fingerprint);
        return false;
    }

    /** Fingerprints known now (at most the configured bound). */
    public long trackedFingerprints() {
        windows.cleanUp();
        return windows.estimatedSize();
    }

    /**
     * The fingerprints with the most rejected messages since start, most first. {@code count} is the guaranteed
     * count: the messages rejected since the fingerprint last entered the ranking, never more than it really had;
     * exact for a fingerprint that entered while the ranking had room (so always, with at most
     * {@value #TOP_REJECTED_CAPACITY} rate-limited fingerprints), otherwise short by at most the count of the
     * fingerprint it displaced (at most 1/{@value #TOP_REJECTED_CAPACITY} of all rejected messages).
     */
    public List<Map<String, Object>> topRejected(int limit) {
        return rejected.top(limit).stream()
                .map(rejections -> {
                    Map<String, Object> top = new LinkedHashMap<>();
                    top.put("fingerprint", rejections.key());
                    top.put("count", rejections.guaranteed());
                    return top;
                })
                .toList();
    }

    /** The times of the last accepted messages, in a ring: the oldest is the next slot. */
    private static final class Window {

        private final long[] acceptedAt;
        private int next;
        private int filled;

        Window(int size) {
            acceptedAt = new long[size];
        }

        synchronized boolean tryAcquire(long now, long windowMillis) {
            if (filled == acceptedAt.length && acceptedAt[next] > now - windowMillis) {
                return false;
            }
            acceptedAt[next] = now;
            next = (next + 1) % acceptedAt.length;
            filled = Math.min(filled + 1, acceptedAt.length);
            return true;
        }
    }
}
