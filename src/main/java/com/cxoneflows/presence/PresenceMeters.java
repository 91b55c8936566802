package com.cxoneflows.presence;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * The flow's {@code cxone_presence_*} meters: updates applied, stale, ignored (outside the filter), coalesced,
 * filtered out (no shown field changed), browsers connected, browser resyncs, heartbeat ack latency.
 */
public final class PresenceMeters {

    private final Counter updates;
    private final Counter stale;
    private final Counter ignored;
    private final Counter coalesced;
    private final Counter filteredOut;
    private final Counter resyncs;
    private final Timer heartbeatAck;

    private final MeterRegistry registry;

    public PresenceMeters(MeterRegistry registry) {
        this.registry = registry;
        updates = Counter.builder("cxone.presence.updates").description("Presence updates applied").register(registry);
        stale = Counter.builder("cxone.presence.stale")
                .description("Updates dropped: sequence not above the user's last applied one").register(registry);
        ignored = Counter.builder("cxone.presence.ignored")
                .description("Updates of users outside cxone.presence.user-ids, ignored").register(registry);
        coalesced = Counter.builder("cxone.presence.coalesced")
                .description("Changes folded into a later one of the same user within the coalescing window").register(registry);
        filteredOut = Counter.builder("cxone.presence.filtered.out")
                .description("Applied updates that changed none of cxone.presence.fields, not sent to browsers").register(registry);
        resyncs = Counter.builder("cxone.presence.browser.resyncs")
                .description("Fresh snapshots sent to browsers that fell behind").register(registry);
        heartbeatAck = Timer.builder("cxone.presence.heartbeat.ack")
                .description("Heartbeat arrival to its ack handed to the socket, on the socket's own thread")
                .publishPercentiles(0.5, 0.99).register(registry);
    }

    /** The gauge of browsers connected, read from the feed. */
    void countBrowsers(Supplier<Number> browsers) {
        Gauge.builder("cxone.presence.browser.clients", browsers).description("Browsers on the presence feed").register(registry);
    }

    void updated() {
        updates.increment();
    }

    void stale() {
        stale.increment();
    }

    void ignored() {
        ignored.increment();
    }

    void coalesced() {
        coalesced.increment();
    }

    void filteredOut() {
        filteredOut.increment();
    }

    void resynced() {
        resyncs.increment();
    }

    void heartbeatAcked(Duration latency) {
        heartbeatAck.record(latency);
    }
}
