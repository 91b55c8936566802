package com.cxoneflows.bench;

import com.cxoneflows.bench.BenchmarkSupport.Reader;
import com.cxoneflows.bench.BenchmarkSupport.Source;
import com.cxoneflows.bench.BenchmarkTable.Row;
import com.cxoneflows.testing.FreePorts;
import com.cxoneflows.testing.Http;
import com.cxoneflows.testing.ProductProcess;
import com.cxoneflows.testing.Streams;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import static com.cxoneflows.bench.BenchmarkSupport.alone;
import static com.cxoneflows.bench.BenchmarkSupport.burst;
import static com.cxoneflows.bench.BenchmarkSupport.metric;
import static com.cxoneflows.bench.BenchmarkSupport.percentile;
import static com.cxoneflows.bench.BenchmarkSupport.setting;
import static com.cxoneflows.bench.BenchmarkSupport.thousands;
import static com.cxoneflows.bench.BenchmarkSupport.sorted;
import static com.cxoneflows.bench.BenchmarkSupport.steady;
import static com.cxoneflows.bench.BenchmarkSupport.token;
import static com.cxoneflows.bench.BenchmarkSupport.waitUntil;

/**
 * agent-monitor end to end against the simulator (a separate JVM, a fresh one for each reader), next to a bare
 * Vert.x WebSocket client that subscribes the same way and only parses each frame, in the same run. Each reader
 * takes a warm-up of bursts of 200,000 events for at least 20 s (for the JIT to settle), then 1,000,000 events
 * measured, then a steady 2,000 events/s for latency (receipt minus the server's timestamp). The flow's steady phase lasts 125 s
 * because its percentiles come from the product's own timer, whose window keeps samples for 2 minutes; the bare
 * client's lasts 30 s, measured exactly.
 *
 * <p>Run with {@code mvn -B -q -DskipTests package && mvn -B -q exec:java@agent-benchmark}; settings
 * {@code -Dbench.runs}, {@code -Dbench.warmup}, {@code -Dbench.warmup-seconds}, {@code -Dbench.events},
 * {@code -Dbench.steady-seconds} (the flow's), {@code -Dbench.product.*} (see {@link BenchmarkSupport}).
 */
public final class AgentMonitorBenchmark {

    private static final int WARM_UP = setting("warmup", 200_000);
    private static final int WARM_UP_SECONDS = setting("warmup-seconds", 20);
    private static final int EVENTS = setting("events", 1_000_000);
    private static final int RATE = 2_000;
    private static final int FLOW_STEADY_SECONDS = setting("steady-seconds", 125);
    private static final int BARE_STEADY_SECONDS = Math.min(30, FLOW_STEADY_SECONDS);
    private static final int TIMER_WINDOW_SECONDS = 120;
    private static final int CHUNK = 20_000;
    private static final int BACKLOG = 60_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The flow's threads: the route's (parse, check, status, audit line), the socket's, the webhook's and alerts'. */
    private static final List<ThreadCpu.Group> FLOW_THREADS = List.of(
            ThreadCpu.Group.of("route", "cxone-ws-agent-monitor$"),
            ThreadCpu.Group.of("WebSocket (Vert.x)", "vert.x-eventloop"));

    private AgentMonitorBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchmarkSupport.repeat("agent-monitor benchmark", AgentMonitorBenchmark::run);
    }

    private static List<Row> run(BenchmarkTable table) throws Exception {
        Row[] flow = flow(table);
        Row[] bare = bare();
        table.note("measured: " + thousands(EVENTS) + " events after a warm-up of bursts of " + thousands(WARM_UP) + " for at least "
                + WARM_UP_SECONDS + " s; CPU: the product's process"
                + " (/proc), for the bare client this JVM's; heap: the product's after a full GC at the end of its run");
        table.note("latency: receipt minus the event's server timestamp (ms resolution), at a steady " + thousands(RATE) + "/s for "
                + FLOW_STEADY_SECONDS + " s (flow) and " + BARE_STEADY_SECONDS + " s (bare)");
        if (FLOW_STEADY_SECONDS < TIMER_WINDOW_SECONDS) {
            table.note("the flow's steady phase is shorter than its timer's 2-minute window: its percentiles include the bursts");
        }
        return List.of(flow[0].against(bare[0]), bare[0], flow[1], bare[1]);
    }

    private static Row[] flow(BenchmarkTable table) throws Exception {
        int port = FreePorts.next();
        String base = "http://127.0.0.1:" + port;
        try (ProductProcess simulator = startSimulator(port)) {
            Map<String, String> properties = alone("agents");
            properties.put("cxone.agents.ids", String.join(",", agents(base)));
            try (ProductProcess product = BenchmarkSupport.startProduct(base, properties)) {
                waitUntil("the flow to connect", 60_000, () -> Streams.connected(product.url(""), "agent-monitor"));
                LongSupplier cursor = () -> Streams.stream(product.url(""), "agent-monitor").path("cursor").asLong();
                ThreadCpu threads = new ThreadCpu(product, FLOW_THREADS);
                Reader flow = new Reader(cursor, cursor::getAsLong, BenchmarkSupport.cpuOf(product), threads);
                warmUp(source(base), flow);
                Row measured = burst("agent-monitor flow, " + thousands(EVENTS) + " events after warm-up", EVENTS, source(base), flow);
                table.note(threads.breakdown("agent-monitor flow, " + thousands(EVENTS) + " events", "event", EVENTS, measured.cpuMicros()));
                Row steady = steady("agent-monitor flow, steady " + thousands(RATE) + "/s", FLOW_STEADY_SECONDS, source(base), flow);
                steady = steady.latency(1000 * metric(product, "cxone_agents_event_latency_seconds{quantile=\"0.5\"}"),
                        1000 * metric(product, "cxone_agents_event_latency_seconds{quantile=\"0.99\"}"));
                return new Row[] {measured.heap(BenchmarkSupport.heapAfterGcMegabytes(product)), steady};
            }
        }
    }

    /** A bare Vert.x WebSocket client: subscribe like the flow, then only parse frames. */
    private static Row[] bare() throws Exception {
        int port = FreePorts.next();
        String base = "http://127.0.0.1:" + port;
        Vertx vertx = Vertx.vertx();
        long[] latencies = new long[RATE * BARE_STEADY_SECONDS * 2];
        AtomicInteger recorded = new AtomicInteger();
        AtomicInteger acks = new AtomicInteger();
        AtomicBoolean recording = new AtomicBoolean();
        AtomicLong lastSequence = new AtomicLong();
        try (ProductProcess simulator = startSimulator(port)) {
            List<String> agents = agents(base);
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
                    long latency = System.currentTimeMillis() - Instant.parse(root.path("data").path("timestamp").asText()).toEpochMilli();
                    if (recording.get() && recorded.get() < latencies.length) {
                        latencies[recorded.getAndIncrement()] = latency;
                    }
                    lastSequence.set(root.path("sequence").asLong());
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
            Reader bare = new Reader(lastSequence::get, lastSequence::get, BenchmarkSupport::ownCpuSeconds);
            warmUp(source(base), bare);
            Row measured = burst("bare Vert.x WebSocket + JSON, " + thousands(EVENTS) + " events after warm-up", EVENTS,
                    source(base), bare);
            recording.set(true);
            Row steady = steady("bare Vert.x WebSocket + JSON, steady " + thousands(RATE) + "/s", BARE_STEADY_SECONDS,
                    source(base), bare);
            recording.set(false);
            long[] sortedLatencies = sorted(latencies, Math.min(recorded.get(), latencies.length));
            socket.close();
            return new Row[] {measured, steady.latency(percentile(sortedLatencies, 0.5), percentile(sortedLatencies, 0.99))};
        } finally {
            vertx.close();
        }
    }

    /**
     * Bursts of {@link #WARM_UP} events until {@link #WARM_UP_SECONDS} have passed: one burst of 200,000 lasts one to
     * two seconds for the flow, and in the measured burst after it the product's JIT compilers still used 5.2 s of CPU
     * in a 10 s window (/proc, per thread), about as much as all its other threads: that measured compiling.
     */
    private static void warmUp(Source source, Reader reader) {
        long ends = System.nanoTime() + TimeUnit.SECONDS.toNanos(WARM_UP_SECONDS);
        do {
            burst("warm-up", WARM_UP, source, reader);
        } while (System.nanoTime() < ends);
    }

    /**
     * The simulator's agent events: bursts of {@value #CHUNK}, at most {@value #BACKLOG} ahead (its sockets send as it
     * makes events: nothing holds them); {@value #RATE}/s steady. Every event is a subscribed agent's, so the tenant's
     * sequence counts what a reader took.
     */
    private static Source source(String base) {
        return new Source(count -> Http.post(base + "/_sim/agents/generate", Http.json(Map.of("count", count))),
                () -> sequence(base), on -> config(base, on ? Map.of("eventsPerSecond", RATE, "paused", false)
                : Map.of("paused", true)), null, CHUNK, BACKLOG);
    }

    private static ProductProcess startSimulator(int port) {
        ProductProcess simulator = BenchmarkSupport.startSimulator("-Xmx1g", port, "/_sim/agents/stats");
        config("http://127.0.0.1:" + port, Map.of("paused", true));
        return simulator;
    }

    private static List<String> agents(String base) {
        List<String> agents = new ArrayList<>();
        Http.get(base + "/_sim/agents/ids").json().path("agentIds").forEach(id -> agents.add(id.asText()));
        return agents;
    }

    private static long sequence(String base) {
        return Http.get(base + "/_sim/agents/truth").json().path("sequence").asLong();
    }

    private static void config(String base, Map<String, Object> config) {
        Http.post(base + "/_sim/agents/config", Http.json(config));
    }
}
