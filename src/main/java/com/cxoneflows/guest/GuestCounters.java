package com.cxoneflows.guest;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the guest-routing flow counts since start, as Micrometer meters and for {@code /api/guests/stats}; the
 * SLA timer measures receipt to routed, with percentiles.
 */
public final class GuestCounters {

    final AtomicLong received = new AtomicLong();
    final AtomicLong accepted = new AtomicLong();
    final AtomicLong badFrames = new AtomicLong();
    final AtomicLong rateLimited = new AtomicLong();
    final AtomicLong crmBatches = new AtomicLong();
    final AtomicLong crmRecords = new AtomicLong();
    final Timer sla;

    public GuestCounters(MeterRegistry meters) {
        counter(meters, "cxone.guest.received", "Guest frames received", received);
        counter(meters, "cxone.guest.accepted", "Guest messages accepted into the inbox", accepted);
        counter(meters, "cxone.guest.bad.frames", "Web-chat frames refused as bad input", badFrames);
        counter(meters, "cxone.guest.rate.limited", "Guest messages rejected by the fingerprint limit", rateLimited);
        counter(meters, "cxone.guest.crm.batches", "CRM batches accepted", crmBatches);
        counter(meters, "cxone.guest.crm.records", "CRM records accepted", crmRecords);
        sla = Timer.builder("cxone.guest.sla").description("From a guest message's receipt to its conversation routed")
                .publishPercentiles(0.5, 0.95, 0.99).distributionStatisticExpiry(Duration.ofMinutes(5))
                .register(meters);
    }

    private static void counter(MeterRegistry meters, String name, String description, AtomicLong value) {
        FunctionCounter.builder(name, value, AtomicLong::get).description(description).register(meters);
    }
}
