package com.cxoneflows.bench;

import com.cxoneflows.guest.FingerprintRateLimiter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;

/**
 * The fingerprint limiter's cost per message (JMH): a known guest under its limit, a bot over it, and a flood
 * of fingerprints never seen before (a cache insert and, past the bound, an eviction each).
 *
 * <p>Run with {@code mvn -B -q -DskipTests package && mvn -B -q exec:exec@limiter-jmh}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LimiterBenchmark {

    private static final int FINGERPRINTS = 100_000;

    /** A clock one millisecond further on each read: 10 messages per 5 ms never run out. */
    private static final class SteppingClock extends Clock {
        private long millis;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public long millis() {
            return ++millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis());
        }
    }

    private FingerprintRateLimiter limiter;
    private FingerprintRateLimiter botLimiter;
    private String[] spoofed;
    private int next;

    @Setup
    public void setUp() {
        limiter = new FingerprintRateLimiter(10, Duration.ofMillis(5), FINGERPRINTS, new SteppingClock());
        botLimiter = new FingerprintRateLimiter(10, Duration.ofDays(1), FINGERPRINTS, Clock.systemUTC());
        for (int i = 0; i < 10; i++) {
            botLimiter.tryAcquire("fp-bot");
        }
        spoofed = new String[FINGERPRINTS * 4];
        for (int i = 0; i < spoofed.length; i++) {
            spoofed[i] = "fp-spoofed-" + i;
        }
    }

    @Benchmark
    public boolean knownGuestUnderLimit() {
        return limiter.tryAcquire("fp-guest");
    }

    @Benchmark
    public boolean botOverLimit() {
        return botLimiter.tryAcquire("fp-bot");
    }

    @Benchmark
    public boolean newFingerprintEachMessage() {
        String fingerprint = spoofed[next];
        next = (next + 1) % spoofed.length;
        return limiter.tryAcquire(fingerprint);
    }
}
