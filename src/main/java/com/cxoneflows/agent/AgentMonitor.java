package com.cxoneflows.agent;

import com.cxoneflows.stream.StreamState;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Latency (receipt minus the server's timestamp, a Micrometer timer with percentiles), accuracy (verified
 * transitions over all judged ones, {@code totalProcessed}: the distinct live events judged, so duplicate and
 * malformed frames, counted apart, are in neither) and the alerts: latency over {@code maxLatencyMs}, more
 * unverified transitions than {@code maxUnverifiedTransitions} within the alert window, or accuracy under
 * {@code minAccuracy} there. An alert logs one WARN when it starts and one INFO when it ends, never one per event.
 */
public class AgentMonitor {

    private static final Logger LOG = LoggerFactory.getLogger(AgentMonitor.class);
    private static final int MIN_EVENTS_FOR_ACCURACY = 20;

    private final AgentMonitorSettings settings;
    private final StreamState stream;
    private final AgentStore store;
    private final Clock clock;
    private final Duration window;
    private final Timer latency;
    private final AtomicLong validEvents = new AtomicLong();
    private final AtomicLong unverified = new AtomicLong();
    /**
     * The window's judged events counted by the millisecond they were judged in, {@code [millis, judged, rejected]}:
     * events of one millisecond leave the window together, so a count per millisecond is exact, and a burst keeps a
     * few thousand of these instead of an entry per event.
     */
    private final Deque<long[]> recent = new ArrayDeque<>();
    private long judgedInWindow;
    private long rejectedInWindow;
    private final Map<String, String> alerts = new LinkedHashMap<>();

    public AgentMonitor(AgentMonitorSettings settings, StreamState stream, AgentStore store, Clock clock, Duration window,
                        MeterRegistry meters) {
        this.settings = settings;
        this.stream = stream;
        this.store = store;
        this.clock = clock;
        this.window = window;
        this.latency = Timer.builder("cxone.agents.event.latency").description("Agent event receipt minus its server timestamp")
                .publishPercentiles(0.5, 0.95, 0.99).register(meters);
    }

    /** Counts and measures each event of a batch, in order, as if they had come one by one. */
    public synchronized List<AgentEvent> record(List<AgentEvent> batch) {
        batch.forEach(this::record);
        return batch;
    }

    private void record(AgentEvent event) {
        switch (event.verdict()) {
            case DUPLICATE -> stream.duplicate();
            case MALFORMED -> stream.malformed();
            case REJECTED -> {
                unverified.incrementAndGet();
                stream.invalidTransition();
                remember(false);
            }
            case VERIFIED -> {
                validEvents.incrementAndGet();
                remember(true);
            }
        }
        if (event.latencyMs() >= 0 && event.verdict() != AgentEvent.Verdict.MALFORMED) {
            latency.record(event.latencyMs(), TimeUnit.MILLISECONDS);
            alert("latency", event.latencyMs() > settings.maxLatencyMs(),
                    () -> "latency " + event.latencyMs() + " ms is over maxLatencyMs " + settings.maxLatencyMs());
        }
        evaluateWindow();
    }

    private void remember(boolean verified) {
        long now = clock.millis();
        long[] millisecond = recent.peekLast();
        if (millisecond == null || millisecond[0] != now) {
            millisecond = new long[] {now, 0, 0};
            recent.addLast(millisecond);
        }
        millisecond[1]++;
        judgedInWindow++;
        if (!verified) {
            millisecond[2]++;
            rejectedInWindow++;
        }
    }

    private void evaluateWindow() {
        long since = clock.millis() - window.toMillis();
        while (!recent.isEmpty() && recent.peekFirst()[0] < since) {
            long[] expired = recent.removeFirst();
            judgedInWindow -= expired[1];
            rejectedInWindow -= expired[2];
        }
        long rejected = rejectedInWindow;
        alert("unverified", rejected > settings.maxUnverifiedTransitions(), () -> rejected + " unverified transitions in "
                + window.toSeconds() + " s, over maxUnverifiedTransitions " + settings.maxUnverifiedTransitions());
        double accuracy = judgedInWindow == 0 ? 1.0 : 1.0 - (double) rejected / judgedInWindow;
        alert("accuracy", judgedInWindow >= MIN_EVENTS_FOR_ACCURACY && accuracy < settings.minAccuracy(),
                () -> String.format(java.util.Locale.ROOT, "accuracy %.1f %% in %d s, under %.0f %%", accuracy * 100,
                        window.toSeconds(), settings.minAccuracy() * 100));
    }

    /** The description is only built while the alert is raised: most events raise none. */
    private void alert(String name, boolean raised, Supplier<String> description) {
        if (raised && !alerts.containsKey(name)) {
            alerts.put(name, description.get());
            LOG.warn("agent-monitor degraded: {}", alerts.get(name));
        } else if (raised) {
            alerts.put(name, description.get());
        } else if (alerts.remove(name) != null) {
            LOG.info("agent-monitor alert cleared: {}", name);
        }
    }

    public synchronized List<String> alerts() {
        return new ArrayList<>(alerts.values());
    }

    /** {@code GET /api/agents/metrics}. */
    public synchronized Map<String, Object> metrics() {
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("activeAgents", store.all().stream().filter(a -> !"offline".equals(a.state())).count());
        long judged = validEvents.get() + unverified.get();
        metrics.put("totalProcessed", judged);
        metrics.put("validEvents", validEvents.get());
        metrics.put("accuracyRate", judged == 0 ? 1.0 : (double) validEvents.get() / judged);
        metrics.put("unverifiedTransitions", unverified.get());
        metrics.put("duplicates", stream.duplicates());
        Map<String, Object> percentiles = new LinkedHashMap<>();
        for (ValueAtPercentile value : latency.takeSnapshot().percentileValues()) {
            percentiles.put("p" + Math.round(value.percentile() * 100), Math.round(value.value(TimeUnit.MILLISECONDS)));
        }
        percentiles.put("max", Math.round(latency.max(TimeUnit.MILLISECONDS)));
        metrics.put("latencyMs", percentiles);
        metrics.put("degraded", !alerts.isEmpty());
        metrics.put("alerts", new ArrayList<>(alerts.values()));
        return metrics;
    }
}
