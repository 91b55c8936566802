package com.cxoneflows.deadletter;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A dead letter as the API shows it: its times in the contract's form, whatever the clock's precision. */
class DeadLetterViewTest {

    @Test
    void shouldShowFailureTimesInUtcWithThreeDigitsOfMilliseconds() {
        DeadLetter letter = new DeadLetter(7, "guest-routing", "direct:route-guest-conversation", "answered 503", null, null,
                503, 6, Instant.parse("2026-11-22T10:15:30.516827Z"), Instant.parse("2026-11-22T10:16:00Z"), Map.of(), "{}");

        Map<String, Object> summary = DeadLetterView.summary(letter);

        assertThat(summary).containsEntry("firstFailureAt", "2026-11-22T10:15:30.516Z")
                .containsEntry("lastFailureAt", "2026-11-22T10:16:00.000Z");
    }
}
