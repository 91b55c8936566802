package com.cxoneflows.agent;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The timestamp's fast path reads every form exactly as {@link Instant#parse} does, and refuses what it refuses. */
class AgentEventsTest {

    @ParameterizedTest
    @ValueSource(strings = {"2026-12-06T22:15:45Z", "2026-12-06T22:15:45.1Z", "2026-12-06T22:15:45.12Z",
            "2026-12-06T22:15:45.123Z", "2026-12-06T22:15:45.123456Z", "2026-12-06T22:15:45.123456789Z",
            "2026-12-31T23:59:59.999Z", "2024-02-29T00:00:00Z", "1970-01-01T00:00:00Z", "0000-01-01T00:00:00Z",
            "2026-12-06T22:15:45+01:00", "2026-12-06T23:59:60Z", "2026-12-06T22:15:45.Z"})
    void shouldReadTimestampsAsInstantParseDoes(String timestamp) {
        assertThat(AgentEvents.epochMillis(timestamp)).isEqualTo(Instant.parse(timestamp).toEpochMilli());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-02-30T22:15:45Z", "2026-12-06T24:15:45Z", "2026-1a-06T22:15:45Z",
            "2026-12-06 22:15:45Z", "yesterday"})
    void shouldRefuseWhatInstantParseRefuses(String timestamp) {
        assertThatThrownBy(() -> Instant.parse(timestamp)).isInstanceOf(java.time.format.DateTimeParseException.class);
        assertThatThrownBy(() -> AgentEvents.epochMillis(timestamp)).isInstanceOf(java.time.format.DateTimeParseException.class);
    }
}
