package com.cxoneflows.simulator.contact;

import java.util.Set;

/**
 * How the contact world and its streams run, switchable at any time through {@code POST /_sim/contacts/config}.
 *
 * @param eventsPerSecond how many legal events the world makes each second
 * @param paused          whether the world stands still (streams still send what the log holds)
 * @param retention       how many of the last events the log keeps for {@code Last-Event-ID}
 * @param keepAliveMs     how often every connection gets a {@code : keep-alive} comment
 * @param retryMs         the {@code retry:} a connection starts with
 */
record StreamConfig(int eventsPerSecond, boolean paused, int retention, long keepAliveMs, long retryMs) {

    static final StreamConfig DEFAULTS = new StreamConfig(20, false, 10_000, 15_000, 3_000);
    private static final Set<String> MEMBERS = Set.of("eventsPerSecond", "paused", "retention", "keepAliveMs", "retryMs");

    /** This configuration with the members present in {@code changes}; refuses unknown members and bad values. */
    StreamConfig with(JsonInput changes) {
        changes.allowOnly(MEMBERS);
        return new StreamConfig(
                (int) changes.whole("eventsPerSecond", 0, 100_000, eventsPerSecond),
                changes.bool("paused", paused),
                (int) changes.whole("retention", 1, 10_000_000, retention),
                changes.whole("keepAliveMs", 100, 3_600_000, keepAliveMs),
                changes.whole("retryMs", 0, 3_600_000, retryMs));
    }
}
