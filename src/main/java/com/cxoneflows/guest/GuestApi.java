package com.cxoneflows.guest;

import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import org.apache.camel.CamelContext;
import org.apache.camel.component.resilience4j.ResilienceProcessor;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** {@code GET /api/guests/stats}: the spec's fields, plus the Task Routing circuit breaker's state. */
public class GuestApi {

    static final String BREAKER_ID = "task-routing-breaker";
    private static final int TOP_FINGERPRINTS = 10;

    private final CamelContext camelContext;
    private final GuestCounters counters;
    private final GuestInbox inbox;
    private final FingerprintRateLimiter limiter;

    public GuestApi(CamelContext camelContext, GuestCounters counters, GuestInbox inbox, FingerprintRateLimiter limiter) {
        this.camelContext = camelContext;
        this.counters = counters;
        this.inbox = inbox;
        this.limiter = limiter;
    }

    public Map<String, Object> stats() {
        Map<GuestInbox.Status, Long> conversations = inbox.counts();
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("received", counters.received.get());
        stats.put("accepted", counters.accepted.get());
        stats.put("badFrames", counters.badFrames.get());
        stats.put("rateLimited", counters.rateLimited.get());
        stats.put("routedConversations", conversations.get(GuestInbox.Status.ROUTED));
        stats.put("deadLetteredConversations", conversations.get(GuestInbox.Status.DEAD_LETTERED));
        stats.put("pending", conversations.get(GuestInbox.Status.PENDING));
        stats.put("crmBatches", counters.crmBatches.get());
        stats.put("crmRecords", counters.crmRecords.get());
        stats.put("topRateLimited", limiter.topRejected(TOP_FINGERPRINTS));
        stats.put("trackedFingerprints", limiter.trackedFingerprints());
        stats.put("slaLatencyMs", sla());
        stats.put("circuitBreaker", breaker());
        return stats;
    }

    private Map<String, Object> sla() {
        HistogramSnapshot snapshot = counters.sla.takeSnapshot();
        long max = Math.round(snapshot.max(TimeUnit.MILLISECONDS));
        Map<String, Object> sla = new LinkedHashMap<>();
        for (ValueAtPercentile percentile : snapshot.percentileValues()) {
            // percentiles are read from histogram buckets and may overshoot the largest value seen
            sla.put("p" + Math.round(percentile.percentile() * 100), Math.min(max, Math.round(percentile.value(TimeUnit.MILLISECONDS))));
        }
        sla.put("max", max);
        return sla;
    }

    private Map<String, Object> breaker() {
        Map<String, Object> breaker = new LinkedHashMap<>();
        ResilienceProcessor processor = camelContext.getProcessor(BREAKER_ID, ResilienceProcessor.class);
        if (processor != null) {
            breaker.put("state", processor.getCircuitBreakerState());
            breaker.put("notPermittedCalls", processor.getNumberOfNotPermittedCalls());
            breaker.put("failureRate", processor.getFailureRate());
        }
        return breaker;
    }
}
