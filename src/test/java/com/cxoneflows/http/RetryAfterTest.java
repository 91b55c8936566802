package com.cxoneflows.http;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** Retry-After as RFC 9110 defines it: delay-seconds or an HTTP-date, nothing else. */
class RetryAfterTest {

    private final Clock clock = Clock.fixed(Instant.parse("2026-11-22T10:15:30Z"), ZoneOffset.UTC);

    @Test
    void shouldReadSecondsWhenValueIsDigits() {
        assertThat(RetryAfter.parse("120", clock)).contains(Duration.ofSeconds(120));
        assertThat(RetryAfter.parse(" 0 ", clock)).contains(Duration.ZERO);
    }

    @Test
    void shouldReadDelayUntilDateWhenValueIsHttpDate() {
        assertThat(RetryAfter.parse("Sun, 22 Nov 2026 10:16:00 GMT", clock)).contains(Duration.ofSeconds(30));
        assertThat(RetryAfter.parse(RetryAfter.httpDate(clock.instant().plusSeconds(7)), clock)).contains(Duration.ofSeconds(7));
    }

    @Test
    void shouldWaitNotAtAllWhenDateIsPast() {
        assertThat(RetryAfter.parse("Sun, 22 Nov 2026 10:00:00 GMT", clock)).contains(Duration.ZERO);
    }

    @Test
    void shouldIgnoreValueWhenItIsNeitherSecondsNorDate() {
        assertThat(RetryAfter.parse("-5", clock)).isEmpty();
        assertThat(RetryAfter.parse("2.5", clock)).isEmpty();
        assertThat(RetryAfter.parse("soon", clock)).isEmpty();
        assertThat(RetryAfter.parse("99999999999999999999999", clock)).isEmpty();
        assertThat(RetryAfter.parse("", clock)).isEmpty();
        assertThat(RetryAfter.parse(null, clock)).isEmpty();
    }
}
