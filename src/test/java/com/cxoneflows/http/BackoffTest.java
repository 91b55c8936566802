package com.cxoneflows.http;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Exponential backoff: doubling from the base, jitter keeps half, never above the cap. */
class BackoffTest {

    private final Backoff backoff = Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(1));

    @Test
    void shouldDoubleUntilTheCapWhenJitterIsAtItsTop() {
        Backoff top = backoff.withRandom(() -> 0.999999);

        assertThat(top.delay(0)).isEqualTo(Duration.ofMillis(100));
        assertThat(top.delay(1)).isEqualTo(Duration.ofMillis(200));
        assertThat(top.delay(3)).isEqualTo(Duration.ofMillis(800));
        assertThat(top.delay(4)).isEqualTo(Duration.ofSeconds(1));
        assertThat(top.delay(1000)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void shouldKeepHalfTheStepWhenJitterIsAtItsBottom() {
        Backoff bottom = backoff.withRandom(() -> 0.0);

        assertThat(bottom.delay(0)).isEqualTo(Duration.ofMillis(50));
        assertThat(bottom.delay(2)).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void shouldRefuseCapBelowBase() {
        assertThatThrownBy(() -> Backoff.exponential(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("below its base");
    }
}
