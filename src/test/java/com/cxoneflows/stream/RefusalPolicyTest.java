package com.cxoneflows.stream;

import com.cxoneflows.http.RetryAfter;
import com.cxoneflows.stream.RefusalPolicy.Action;
import com.cxoneflows.stream.RefusalPolicy.Decision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** Every answer of contract §2 other than the stream, and what the reader does about it. */
class RefusalPolicyTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:15:30Z");
    private final RefusalPolicy policy = RefusalPolicy.contract(Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void shouldRenewTheTokenWhenAnswered401() {
        assertThat(policy.decide(401, null, "{\"error\":\"token_expired\"}")).isEqualTo(new Decision(Action.RENEW_TOKEN, Duration.ZERO));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {429, 503})
    void shouldWaitRetryAfterSecondsWhenAnswered(int status) {
        assertThat(policy.decide(status, "4", "")).isEqualTo(new Decision(Action.WAIT, Duration.ofSeconds(4)));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {429, 503})
    void shouldWaitUntilRetryAfterDateWhenAnswered(int status) {
        String sevenSecondsAhead = RetryAfter.httpDate(NOW.plusSeconds(7));

        assertThat(policy.decide(status, sevenSecondsAhead, "")).isEqualTo(new Decision(Action.WAIT, Duration.ofSeconds(7)));
    }

    @Test
    void shouldReconnectAtOnceWhenRetryAfterDateHasPassed() {
        assertThat(policy.decide(503, RetryAfter.httpDate(NOW.minusSeconds(3)), "")).isEqualTo(new Decision(Action.WAIT, Duration.ZERO));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {429, 503})
    void shouldBackOffWhenRetryAfterIsMissingOrUnreadable(int status) {
        assertThat(policy.decide(status, null, "").action()).isEqualTo(Action.BACKOFF);
        assertThat(policy.decide(status, "soon", "").action()).isEqualTo(Action.BACKOFF);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {400, 401, 404, 500, 502})
    void shouldAskNoWaitOfRetryAfterOnOtherStatuses(int status) {
        assertThat(policy.waitAsked(status, "4")).isEmpty();
        assertThat(policy.waitAsked(503, "4")).contains(Duration.ofSeconds(4));
    }

    @Test
    void shouldStopUntilRestartedWhenAnswered204() {
        assertThat(policy.decide(204, null, null).action()).isEqualTo(Action.STOP);
    }

    @Test
    void shouldTakeTheSnapshotWhenTheCursorIsRefused() {
        assertThat(policy.decide(400, null, "{\"error\":\"invalid_last_event_id\"}").action()).isEqualTo(Action.SNAPSHOT);
    }

    @Test
    void shouldBackOffWhenAnswered400ForAnotherReason() {
        assertThat(policy.decide(400, null, "{\"error\":\"invalid_filter\"}").action()).isEqualTo(Action.BACKOFF);
        assertThat(policy.decide(400, null, null).action()).isEqualTo(Action.BACKOFF);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {200, 302, 403, 404, 500, 502, 504})
    void shouldBackOffWhenAnsweredAnythingElse(int status) {
        assertThat(policy.decide(status, "4", "").action()).isEqualTo(Action.BACKOFF);
    }
}
