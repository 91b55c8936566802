package com.cxoneflows.guest;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sliding window per fingerprint, and its memory bound under a flood of spoofed fingerprints. */
class FingerprintRateLimiterTest {

    /** A clock the test moves. */
    private static final class TestClock extends Clock {
        long millis = 1_000_000;

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }
    }

    private final TestClock clock = new TestClock();

    @Test
    void shouldSlideTheWindowAndNotCountRejectedMessages() {
        FingerprintRateLimiter limiter = new FingerprintRateLimiter(3, Duration.ofSeconds(60), 1000, clock);
        assertThat(limiter.tryAcquire("fp")).isTrue();
        clock.millis += 10_000;
        assertThat(limiter.tryAcquire("fp")).isTrue();
        assertThat(limiter.tryAcquire("fp")).isTrue();
        assertThat(limiter.tryAcquire("fp")).isFalse();
        assertThat(limiter.tryAcquire("other")).isTrue();

        // the first message leaves the window 60 s after it was accepted: one more passes, not two
        clock.millis += 50_000;
        assertThat(limiter.tryAcquire("fp")).isTrue();
        assertThat(limiter.tryAcquire("fp")).isFalse();
        // rejected messages did not extend the window: 60 s after the two at +10 s, two pass again
        clock.millis += 10_000;
        assertThat(limiter.tryAcquire("fp")).isTrue();
        assertThat(limiter.tryAcquire("fp")).isTrue();
        assertThat(limiter.tryAcquire("fp")).isFalse();

        assertThat(limiter.topRejected(5)).singleElement().satisfies(top -> {
            assertThat(top.get("fingerprint")).isEqualTo("fp");
            assertThat(top.get("count")).isEqualTo(3L);
        });
    }

    @Test
    void shouldStayWithinItsBoundUnderAMillionSpoofedFingerprints() {
        int bound = 10_000;
        FingerprintRateLimiter limiter = new FingerprintRateLimiter(10, Duration.ofSeconds(60), bound, clock);
        long heapBefore = usedHeapAfterGc();
        long botRejected = 0;
        for (int i = 0; i < 1_000_000; i++) {
            assertThat(limiter.tryAcquire("fp-spoofed-" + i)).isTrue();
            if (i % 1000 == 0 && !limiter.tryAcquire("fp-bot")) {
                botRejected++;
            }
            if (i % 100 == 0) {
                clock.millis++;
            }
        }
        long heapAfter = usedHeapAfterGc();

        assertThat(limiter.trackedFingerprints()).isLessThanOrEqualTo(bound);
        // the bot was seen often enough to keep its window through the flood: all but its first 10 rejected
        assertThat(botRejected).isEqualTo(1000 - 10);
        // a million windows would take hundreds of MB; the bound keeps it to a few
        assertThat(heapAfter - heapBefore).isLessThan(32L * 1024 * 1024);
    }

    @Test
    void shouldRefuseSettingsThatCannotWork() {
        assertThatThrownBy(() -> new FingerprintRateLimiter(0, Duration.ofSeconds(1), 10, clock))
                .hasMessageContaining("cxone.guest.rate-limit.max-messages");
        assertThatThrownBy(() -> new FingerprintRateLimiter(1, Duration.ZERO, 10, clock))
                .hasMessageContaining("cxone.guest.rate-limit.window");
        assertThatThrownBy(() -> new FingerprintRateLimiter(1, Duration.ofSeconds(1), 0, clock))
                .hasMessageContaining("cxone.guest.rate-limit.max-fingerprints");
    }

    static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
