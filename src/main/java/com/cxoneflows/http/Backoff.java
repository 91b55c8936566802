package com.cxoneflows.http;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with full jitter: attempt {@code n} waits a random time in
 * {@code [base * 2^n / 2, base * 2^n]}, never more than {@code max}.
 * Immutable; build one with {@link #exponential(Duration, Duration)}.
 */
public final class Backoff {

    private final Duration base;
    private final Duration max;
    private final DoubleSupplier random;

    private Backoff(Duration base, Duration max, DoubleSupplier random) {
        if (base.isNegative() || base.isZero()) {
            throw new IllegalArgumentException("backoff base must be positive, was " + base);
        }
        if (max.compareTo(base) < 0) {
            throw new IllegalArgumentException("backoff max " + max + " is below its base " + base);
        }
        this.base = base;
        this.max = max;
        this.random = random;
    }

    /** Doubles from {@code base} up to {@code max}, with jitter of up to half the delay. */
    public static Backoff exponential(Duration base, Duration max) {
        return new Backoff(base, max, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** The same policy with a given source of randomness in [0, 1), for tests. */
    public Backoff withRandom(DoubleSupplier random) {
        return new Backoff(base, max, random);
    }

    /** @param failures consecutive failures so far, 0 for the first retry */
    public Duration delay(int failures) {
        double ceiling = Math.min(max.toMillis(), base.toMillis() * Math.pow(2, Math.min(failures, 30)));
        double jittered = ceiling / 2 + random.getAsDouble() * ceiling / 2;
        return Duration.ofMillis(Math.round(jittered));
    }

    public Duration base() {
        return base;
    }

    @Override
    public String toString() {
        return "Backoff[base=" + base + ", max=" + max + "]";
    }
}
