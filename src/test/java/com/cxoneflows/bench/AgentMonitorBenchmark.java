package com.cxoneflows.bench;

import com.cxoneflows.simulator.SimulatorSettings;
import com.cxoneflows.testing.FreePorts;
import com.cxoneflows.testing.Http;
import com.cxoneflows.testing.ProductProcess;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static com.cxoneflows.bench.BenchmarkSupport.answers;
import static com.cxoneflows.bench.BenchmarkSupport.header;
import static com.cxoneflows.bench.BenchmarkSupport.metric;
import static com.cxoneflows.bench.BenchmarkSupport.percentile;
import static com.cxoneflows.bench.BenchmarkSupport.row;
import static com.cxoneflows.bench.BenchmarkSupport.sorted;
import static com.cxoneflows.bench.BenchmarkSupport.token;
import static com.cxoneflows.bench.BenchmarkSupport.waitUntil;

/**
 * agent-monitor end to end against the simulator (a separate JVM), next to a bare Vert.x WebSocket client that
 * subscribes the same way and only parses each frame, in the same run: latency (receipt minus the server's
 * timestamp) at a steady 2,000 events/s, and throughput for a burst of 100,000 events.
 *
 * <p>Run with {@code mvn -B -q -DskipTests package && mvn -B -q exec:java@agent-benchmark}.
 */
public final class AgentMonitorBenchmark {

    private static final int BURST = 100_000;
    private static final int RATE = 2_000;
    private static final long STEADY_MILLIS = 5_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private AgentMonitorBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int port = FreePorts.next();
        String base = "http://127.0.0.1:" + port;
        try (ProductProcess simulator = ProductProcess.start("-Xmx1g", Map.of("cxone.simulator.port", String.valueOf(port)),
                "--simulator-only")) {
            waitUntil("the simulator", 30_000, () -> answers(base + "/_sim/agents/stats"));
            config(base, Map.of("paused", true, "eventsPerSecond", RATE));
            List<String> agents = new ArrayList<>();
            Http.get(base + "/_sim/agents/ids").json().path("agentIds").forEach(id -> agents.add(id.asText()));

            String[] baselineRows = baseline(base, agents);
            String[] flowRows;
            try (ProductProcess product = ProductProcess.start("-Xmx256m", Map.of(
                    "cxone.simulator.enabled", "false", "cxone.contacts.enabled", "false", "cxone.guest.enabled", "false",
                    "cxone.adherence.enabled", "false", "cxone.presence.enabled", "false",
                    "cxone.api-base-url", base,
                    "cxone.agents.ids", String.join(",", agents),
                    "cxone.auth.client-id", SimulatorSettings.DEMO_CLIENT_ID,
                    "cxone.auth.client-secret", SimulatorSettings.DEMO_CLIENT_SECRET,
                    "cxone.data-dir", BenchmarkSupport.tempDir("cxone-bench").toString()))) {
                String events = "cxone_stream_events_total{stream=\"agent-monitor\"}";
                waitUntil("the flow to connect", 60_000, () -> answers(product.url("/observe/health/ready")));
                double before = metric(product, events);
                config(base, Map.of("paused", false));
                TimeUnit.MILLISECONDS.sleep(STEADY_MILLIS);
                config(base, Map.of("paused", true));
                long sequence = Http.get(base + "/_sim/agents/truth").json().path("sequence").asLong();
                waitUntil("the flow to catch up", 60_000, () -> cursor(product) >= sequence);
                long p50 = Math.round(metric(product, "cxone_agents_event_latency_seconds{quantile=\"0.5\"}") * 1000);
                long p99 = Math.round(metric(product, "cxone_agents_event_latency_seconds{quantile=\"0.99\"}") * 1000);
                double steady = metric(product, events) - before;

                double start = metric(product, events);
                long started = System.nanoTime();
                Http.post(base + "/_sim/agents/generate", Http.json(Map.of("count", BURST)));
                waitUntil("the flow to take the burst", 300_000, () -> metric(product, events) >= start + BURST);
                double rate = BURST / ((System.nanoTime() - started) / 1e9);
                flowRows = new String[] {
                        row("agent-monitor flow, steady " + RATE + "/s (" + (long) steady + " ev)", RATE, p50, p99),
                        row("agent-monitor flow, burst of " + BURST, rate, -1, -1)};
            }
            System.out.println();
            System.out.println("agent-monitor benchmark on " + Runtime.getRuntime().availableProcessors() + " cores, "
                    + System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
            System.out.println(header());
            System.out.println(baselineRows[0]);
            System.out.println(flowRows[0]);
            System.out.println(baselineRows[1]);
            System.out.println(flowRows[1]);
            System.out.println("latency: receipt minus the event's server timestamp (ms resolution); -1: not meaningful for a burst");
        }
    }

    /** A bare Vert.x WebSocket client: subscribe like the flow, then only parse frames. */
    private static String[] baseline(String base, List<String> agents) throws Exception {
        Vertx vertx = Vertx.vertx();
        long[] latencies = new long[BURST * 2];
        AtomicInteger count = new AtomicInteger();
        AtomicInteger acks = new AtomicInteger();
        long[] lastSequence = {0};
        try {
            WebSocket socket = vertx.createWebSocketClient().connect(new WebSocketConnectOptions()
                            .setAbsoluteURI(base.replace("http", "ws") + "/api/v2/events/stream")
                            .addHeader("Authorization", "Bearer " + token(base)))
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            socket.textMessageHandler(frame -> {
                try {
                    JsonNode root = JSON.readTree(frame);
                    if (!root.has("eventType")) {
                        acks.incrementAndGet();
                        return;
                    }
                    int at = count.get();
                    if (at < latencies.length) {
                        latencies[at] = System.currentTimeMillis()
                                - Instant.parse(root.path("data").path("timestamp").asText()).toEpochMilli();
                    }
                    lastSequence[0] = root.path("sequence").asLong();
                    count.incrementAndGet();
                } catch (Exception malformed) {
                    // not counted
                }
            });
            for (int from = 0; from < agents.size(); from += 50) {
                List<String> group = agents.subList(from, Math.min(agents.size(), from + 50));
                socket.writeTextMessage(JSON.writeValueAsString(Map.of("action", "subscribe", "events", List.of("agent.state.change"),
                        "filters", Map.of("agentIds", group))));
            }
            int subscriptions = (agents.size() + 49) / 50;
            waitUntil("the acks", 10_000, () -> acks.get() >= subscriptions);
            config(base, Map.of("paused", false));
            TimeUnit.MILLISECONDS.sleep(STEADY_MILLIS);
            config(base, Map.of("paused", true));
            long sequence = Http.get(base + "/_sim/agents/truth").json().path("sequence").asLong();
            waitUntil("the baseline to catch up", 60_000, () -> lastSequence[0] >= sequence);
            int steadyCount = count.get();
            long[] steady = sorted(latencies, steadyCount);
            String steadyRow = row("baseline (Vert.x WebSocket + JSON), steady " + RATE + "/s (" + steadyCount + " ev)", RATE,
                    percentile(steady, 0.5), percentile(steady, 0.99));
            long started = System.nanoTime();
            Http.post(base + "/_sim/agents/generate", Http.json(Map.of("count", BURST)));
            waitUntil("the baseline to read the burst", 300_000, () -> count.get() >= steadyCount + BURST);
            double rate = BURST / ((System.nanoTime() - started) / 1e9);
            socket.close();
            return new String[] {steadyRow, row("baseline (Vert.x WebSocket + JSON), burst of " + BURST, rate, -1, -1)};
        } finally {
            vertx.close();
        }
    }

    private static long cursor(ProductProcess product) {
        for (var stream : Http.get(product.url("/api/streams")).json().path("streams")) {
            if (stream.path("name").asText().equals("agent-monitor")) {
                return stream.path("cursor").asLong();
            }
        }
        return 0;
    }


    private static void config(String base, Map<String, Object> config) {
        Http.post(base + "/_sim/agents/config", Http.json(config));
    }

}
