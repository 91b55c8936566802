package com.cxoneflows.bench;

import com.cxoneflows.bench.BenchmarkSupport.Reader;
import com.cxoneflows.bench.BenchmarkSupport.Source;
import com.cxoneflows.bench.BenchmarkTable.Row;
import com.cxoneflows.testing.FreePorts;
import com.cxoneflows.testing.Http;
import com.cxoneflows.testing.ProductProcess;
import com.cxoneflows.testing.Streams;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.launchdarkly.eventsource.ConnectStrategy;
import com.launchdarkly.eventsource.EventSource;
import com.launchdarkly.eventsource.MessageEvent;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import static com.cxoneflows.bench.BenchmarkSupport.alone;
import static com.cxoneflows.bench.BenchmarkSupport.burst;
import static com.cxoneflows.bench.BenchmarkSupport.metric;
import static com.cxoneflows.bench.BenchmarkSupport.percentile;
import static com.cxoneflows.bench.BenchmarkSupport.setting;
import static com.cxoneflows.bench.BenchmarkSupport.sorted;
import static com.cxoneflows.bench.BenchmarkSupport.steady;
import static com.cxoneflows.bench.BenchmarkSupport.thousands;
import static com.cxoneflows.bench.BenchmarkSupport.token;
import static com.cxoneflows.bench.BenchmarkSupport.waitUntil;

/**
 * contact-state end to end against the simulator (a separate JVM, a fresh one for each reader so that every
 * reader starts on an empty world), next to a bare okhttp-eventsource loop that only parses each event into a
 * map, in the same run. Each reader first takes a cold burst of 200,000 events (measured: the product as it
 * starts), then a warm-up of 2,000,000 more, then 2,000,000 events measured, then a steady 5,000 events/s
 * for latency (timestamp to commit; to parse for the bare loop). The flow's steady phase lasts 125 s because its
 * percentiles come from the product's own timer, whose window keeps samples for 2 minutes: a shorter phase would
 * mix in the bursts' queueing. The bare loop's steady phase is 30 s, measured exactly. Also, the same counts through
 * the cxone-sse consumer into an empty route: the part of the gap to the bare loop that is the consumer and Camel.
 * Each burst is made while the simulator holds its connections quiet, and timed from the moment it lets go. For the
 * measured burst of the flow and of the empty route, a line under the table splits the product's CPU per event by
 * thread (see {@link ThreadCpu}): the route's, the SSE reader's, the store's committer and fold, GC, JIT. The warm-up
 * is as long as the measured burst because that line showed the JIT still at work after a warm-up of 200,000: 2.5–2.8
 * µs of the flow's 17–18.5 µs an event over the next 2,000,000.
 *
 * <p>Run with {@code mvn -B -q -DskipTests package && mvn -B -q exec:java@contact-benchmark}; settings
 * {@code -Dbench.runs}, {@code -Dbench.cold}, {@code -Dbench.warmup}, {@code -Dbench.events},
 * {@code -Dbench.steady-seconds} (the flow's), {@code -Dbench.product.*} (see {@link BenchmarkSupport}).
 */
public final class ContactStateBenchmark {

    private static final int COLD = setting("cold", 200_000);
    private static final int WARM_UP = setting("warmup", 2_000_000);
    private static final int EVENTS = setting("events", 2_000_000);
    private static final int RATE = 5_000;
    private static final int FLOW_STEADY_SECONDS = setting("steady-seconds", 125);
    private static final int BARE_STEADY_SECONDS = Math.min(30, FLOW_STEADY_SECONDS);
    /** The product's timer keeps a sample this long (Micrometer's default window). */
    private static final int TIMER_WINDOW_SECONDS = 120;
    private static final int CHUNK = 50_000;
    private static final String COMMITTED = "cxone_contacts_event_latency_seconds_count";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The flow's threads: the route's (parse, check, merge), the SSE reader's, the store's committer and fold. */
    private static final List<ThreadCpu.Group> FLOW_THREADS = List.of(
            ThreadCpu.Group.of("route", "cxone-sse-contact-state$"),
            ThreadCpu.Group.of("SSE read-ahead", "cxone-sse-contact-state-read-ahead"),
            ThreadCpu.Group.of("store commit", "contact-store-commit"),
            ThreadCpu.Group.of("store fold", "contact-store-fold"));

    private ContactStateBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchmarkSupport.repeat("contact-state benchmark", ContactStateBenchmark::run);
    }

    private static List<Row> run(BenchmarkTable table) throws Exception {
        Row[] flow = flow(table);
        Row streamOnly = streamOnly(table);
        Row[] bare = new Bare().measure();
        table.note("measured: " + thousands(EVENTS) + " events after a cold burst of " + thousands(COLD) + " and a warm-up of " + thousands(WARM_UP)
                + "; CPU: the product's process (/proc), for the bare loop this JVM's; heap: the product's after a full GC"
                + " at the end of its run (each run prints how many contacts it held)");
        table.note("latency: event timestamp to commit (flow, commit-interval 100 ms) or to parse (bare), at a steady "
                + thousands(RATE) + "/s for " + FLOW_STEADY_SECONDS + " s (flow) and " + BARE_STEADY_SECONDS + " s (bare)");
        if (FLOW_STEADY_SECONDS < TIMER_WINDOW_SECONDS) {
            table.note("the flow's steady phase is shorter than its timer's 2-minute window: its percentiles include the bursts");
        }
        return List.of(
                flow[1].against(bare[1]).heap(flow[3].heapMb()),
                bare[1],
                streamOnly.against(bare[1]),
                flow[0].against(bare[0]),
                bare[0],
                flow[2],
                bare[2]);
    }

    /** The flow: cold burst, warm-up, measured events, steady rate; then its heap (row 3, heap only). */
    private static Row[] flow(BenchmarkTable table) throws Exception {
        int port = FreePorts.next();
        String base = "http://127.0.0.1:" + port;
        try (ProductProcess simulator = startSimulator(port);
             ProductProcess product = BenchmarkSupport.startProduct(base, alone("contacts"))) {
            waitUntil("the flow to connect", 60_000, () -> Streams.connected(product.url(""), "contact-state"));
            Source source = source(base);
            ThreadCpu threads = new ThreadCpu(product, FLOW_THREADS);
            Reader flow = new Reader(() -> cursor(product), () -> metric(product, COMMITTED), BenchmarkSupport.cpuOf(product), threads);
            Row cold = burst("contact-state flow, cold burst of " + thousands(COLD), COLD, source, flow);
            burst("warm-up", WARM_UP, source, flow);
            Row measured = burst("contact-state flow, " + thousands(EVENTS) + " events after warm-up (committed)", EVENTS, source, flow);
            table.note(threads.breakdown("contact-state flow, " + thousands(EVENTS) + " events", "event", EVENTS, measured.cpuMicros()));
            Row steady = steady("contact-state flow, steady " + thousands(RATE) + "/s (timestamp → commit)", FLOW_STEADY_SECONDS,
                    source, flow).latency(1000 * metric(product, "cxone_contacts_event_latency_seconds{quantile=\"0.5\"}"),
                    1000 * metric(product, "cxone_contacts_event_latency_seconds{quantile=\"0.99\"}"));
            long contacts = Http.get(product.url("/api/contacts?limit=1")).json().path("total").asLong();
            long heap = BenchmarkSupport.heapAfterGcMegabytes(product);
            System.out.printf("contact-state flow: heap after full GC %d MB with %d contacts stored%n", heap, contacts);
            return new Row[] {cold, measured, steady, Row.of("heap", BenchmarkTable.NONE, BenchmarkTable.NONE).heap(heap)};
        }
    }

    /** A bare okhttp-eventsource pull loop that parses each event into a map: the baseline. */
    private static final class Bare {

        private final long[] latencies = new long[RATE * BARE_STEADY_SECONDS * 2];
        private volatile boolean recording;
        private volatile int recorded;
        private volatile String lastId = "";

        Row[] measure() throws Exception {
            int port = FreePorts.next();
            String base = "http://127.0.0.1:" + port;
            try (ProductProcess simulator = startSimulator(port)) {
                EventSource source = new EventSource.Builder(ConnectStrategy.http(URI.create(base + "/api/v2/realtime/contacts/stream"))
                        .header("Authorization", "Bearer " + token(base)).readTimeout(0, TimeUnit.MILLISECONDS))
                        .lastEventId(String.format("%015d", head(base))).build();
                Thread reader = new Thread(() -> read(source), "bare-reader");
                reader.start();
                try {
                    Source events = source(base);
                    LongSupplier cursor = () -> lastId.isEmpty() ? 0 : Long.parseLong(lastId);
                    Reader bare = new Reader(cursor, cursor::getAsLong, BenchmarkSupport::ownCpuSeconds);
                    Row cold = burst("bare okhttp-eventsource + JSON, cold burst of " + thousands(COLD), COLD, events, bare);
                    burst("warm-up", WARM_UP, events, bare);
                    Row measured = burst("bare okhttp-eventsource + JSON, " + thousands(EVENTS) + " events after warm-up",
                            EVENTS, events, bare);
                    recording = true;
                    Row steady = steady("bare okhttp-eventsource + JSON, steady " + thousands(RATE) + "/s (timestamp → parse)",
                            BARE_STEADY_SECONDS, events, bare);
                    recording = false;
                    long[] latency = sorted(this.latencies, Math.min(recorded, this.latencies.length));
                    return new Row[] {cold, measured, steady.latency(percentile(latency, 0.5), percentile(latency, 0.99))};
                } finally {
                    source.close();
                    reader.join(5_000);
                }
            }
        }

        private void read(EventSource source) {
            for (MessageEvent message : source.messages()) {
                try {
                    Map<?, ?> data = JSON.readValue(message.getData(), Map.class);
                    Object timestamp = data.get("timestamp");
                    if (recording && timestamp instanceof String text) {
                        int at = recorded;
                        if (at < latencies.length) {
                            latencies[at] = System.currentTimeMillis() - Instant.parse(text).toEpochMilli();
                        }
                        recorded = at + 1;
                    }
                } catch (Exception malformed) {
                    // the simulator sends none here; the id still counts below
                }
                lastId = message.getLastEventId();
            }
        }
    }

    /**
     * The same counts through the cxone-sse consumer into a route with one trivial step and nothing else
     * ({@code src/test/resources/bench/contact-stream-only.camel.yaml} in place of {@code routes/contact-state.camel.yaml}):
     * what the consumer and Camel's handling of an exchange cost, before any work of the flow.
     */
    private static Row streamOnly(BenchmarkTable table) throws Exception {
        StringBuilder routes = new StringBuilder("file:" + Path.of("src/test/resources/bench/contact-stream-only.camel.yaml").toAbsolutePath());
        try (var files = Files.list(Path.of("routes"))) {
            files.filter(file -> file.toString().endsWith(".camel.yaml") && !file.endsWith("contact-state.camel.yaml"))
                    .forEach(file -> routes.append(",file:").append(file.toAbsolutePath()));
        }
        int port = FreePorts.next();
        String base = "http://127.0.0.1:" + port;
        Map<String, String> properties = alone("contacts");
        properties.put("camel.main.routesIncludePattern", routes.toString());
        try (ProductProcess simulator = startSimulator(port);
             ProductProcess product = BenchmarkSupport.startProduct(base, properties)) {
            waitUntil("the stream-only route to connect", 60_000, () -> Streams.connected(product.url(""), "contact-state"));
            LongSupplier cursor = () -> cursor(product);
            ThreadCpu threads = new ThreadCpu(product, FLOW_THREADS);
            Reader route = new Reader(cursor, cursor::getAsLong, BenchmarkSupport.cpuOf(product), threads);
            burst("warm-up", COLD + WARM_UP, source(base), route);
            Row measured = burst("cxone-sse into an empty route, " + thousands(EVENTS) + " events after warm-up", EVENTS, source(base), route);
            table.note(threads.breakdown("cxone-sse into an empty route, " + thousands(EVENTS) + " events", "event", EVENTS, measured.cpuMicros()));
            return measured;
        }
    }

    /** A fresh simulator, paused, keeping a whole burst for a reader that has yet to read it. */
    private static ProductProcess startSimulator(int port) {
        ProductProcess simulator = BenchmarkSupport.startSimulator("-Xmx3g", port, "/_sim/contacts/stats");
        simulator("http://127.0.0.1:" + port, Map.of("paused", true, "retention", Math.max(COLD + WARM_UP, EVENTS) + CHUNK));
        return simulator;
    }

    /**
     * The simulator's contact stream: a burst is made while its connections are held quiet (a quiet period: nothing
     * sent, keep-alives only) and let go at once; {@value #RATE}/s steady.
     */
    private static Source source(String base) {
        return new Source(count -> generate(base, count), () -> head(base), on -> simulator(base, on
                ? Map.of("eventsPerSecond", RATE, "paused", false) : Map.of("paused", true)),
                hold -> Http.post(base + "/_sim/contacts/faults", Http.json(Map.of("kind", "quiet", "durationMs", hold ? 3_600_000 : 1))),
                CHUNK, 0);
    }

    private static void simulator(String base, Map<String, Object> config) {
        Http.post(base + "/_sim/contacts/config", Http.json(config));
    }

    private static void generate(String base, int count) {
        Http.post(base + "/_sim/contacts/generate", Http.json(Map.of("count", count)));
    }

    private static long head(String base) {
        return Long.parseLong(Http.get(base + "/_sim/contacts/stats").json().path("logHead").asText());
    }

    /** The last event id the product took (0 before the first). */
    private static long cursor(ProductProcess product) {
        String cursor = Streams.stream(product.url(""), "contact-state").path("cursor").asText();
        return cursor.isEmpty() ? 0 : Long.parseLong(cursor);
    }
}
