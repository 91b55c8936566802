package com.cxoneflows.bench;

import com.cxoneflows.simulator.SimulatorSettings;
import com.cxoneflows.testing.FreePorts;
import com.cxoneflows.testing.Http;
import com.cxoneflows.testing.ProductProcess;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.launchdarkly.eventsource.ConnectStrategy;
import com.launchdarkly.eventsource.EventSource;
import com.launchdarkly.eventsource.MessageEvent;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static com.cxoneflows.bench.BenchmarkSupport.answers;
import static com.cxoneflows.bench.BenchmarkSupport.header;
import static com.cxoneflows.bench.BenchmarkSupport.metric;
import static com.cxoneflows.bench.BenchmarkSupport.percentile;
import static com.cxoneflows.bench.BenchmarkSupport.row;
import static com.cxoneflows.bench.BenchmarkSupport.sorted;
import static com.cxoneflows.bench.BenchmarkSupport.token;
import static com.cxoneflows.bench.BenchmarkSupport.waitUntil;

/**
 * contact-state end to end against the simulator (a separate JVM), next to a bare okhttp-eventsource loop that
 * only parses each event into a map, in the same run. Two measurements each: latency (event timestamp to commit,
 * or to parse for the baseline) at a steady 5,000 events/s, and throughput for a burst of 200,000 events. Then
 * the heap of the product (-Xmx256m) with at least 100,000 contacts. Last, the burst through the same consumer into an
 * empty route: the part of the gap to the baseline that is the consumer and Camel, not the flow.
 *
 * <p>Run with {@code mvn -B -q -DskipTests package && mvn -B -q exec:java@contact-benchmark}.
 */
public final class ContactStateBenchmark {

    private static final int BURST = 200_000;
    private static final int RATE = 5_000;
    private static final long STEADY_MILLIS = 6_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private ContactStateBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int port = FreePorts.next();
        String base = "http://127.0.0.1:" + port;
        try (ProductProcess simulator = ProductProcess.start("-Xmx2g", Map.of("cxone.simulator.port", String.valueOf(port)),
                "--simulator-only")) {
            waitUntil("the simulator", 30_000, () -> answers(base + "/_sim/contacts/stats"));
            simulator(base, Map.of("paused", true, "retention", 2_000_000, "eventsPerSecond", RATE));

            Baseline baseline = new Baseline(base);
            String[] baselineRows = baseline.measure();

            String[] flowRows;
            long heap;
            long contacts;
            try (ProductProcess product = startProduct(base, Map.of())) {
                String committed = "cxone_contacts_event_latency_seconds_count";
                waitUntil("the flow to connect", 60_000, () -> answers(product.url("/observe/health/ready")));
                simulator(base, Map.of("paused", false));
                sleep(STEADY_MILLIS);
                simulator(base, Map.of("paused", true));
                String head = head(base);
                waitUntil("the flow to catch up", 60_000, () -> cursor(product).equals(head));
                sleep(300);
                long p50 = Math.round(metric(product, "cxone_contacts_event_latency_seconds{quantile=\"0.5\"}") * 1000);
                long p99 = Math.round(metric(product, "cxone_contacts_event_latency_seconds{quantile=\"0.99\"}") * 1000);
                double steady = metric(product, committed);

                double before = metric(product, committed);
                long started = System.nanoTime();
                generate(base, BURST);
                // the cursor first (a cheap read), the metrics only for the last commit: a scrape every 20 ms costs the product CPU
                String burstHead = head(base);
                waitUntil("the flow to take the burst", 300_000, () -> cursor(product).equals(burstHead));
                waitUntil("the flow to commit the burst", 300_000, () -> metric(product, committed) >= before + BURST);
                double rate = BURST / ((System.nanoTime() - started) / 1e9);
                flowRows = new String[] {
                        row("contact-state flow, steady " + RATE + "/s (" + (long) steady + " ev)", RATE, p50, p99),
                        row("contact-state flow, burst of " + BURST, rate, -1, -1)};

                while (total(product) < 100_000) {
                    generate(base, 100_000);
                    String target = head(base);
                    waitUntil("the flow to catch up", 300_000, () -> cursor(product).equals(target));
                }
                sleep(500);
                contacts = total(product);
                heap = BenchmarkSupport.heapAfterGcMegabytes(product);
            }
            String streamOnlyRow = streamOnly(base);

            System.out.println();
            System.out.println("contact-state benchmark on " + Runtime.getRuntime().availableProcessors() + " cores, "
                    + System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
            System.out.println(header());
            System.out.println(baselineRows[0]);
            System.out.println(flowRows[0]);
            System.out.println(baselineRows[1]);
            System.out.println(streamOnlyRow);
            System.out.println(flowRows[1]);
            System.out.printf("latency: event timestamp to commit (flow, commit-interval 100 ms) or to parse (baseline); "
                    + "-1: not meaningful for a burst%n");
            System.out.printf("cxone-sse into an empty route: the same consumer and Camel route, one trivial step, no parsing, "
                    + "no store (the ceiling of any route on this consumer)%n");
            System.out.printf("heap after full GC with %d contacts stored (-Xmx256m): %d MB%n", contacts, heap);
        }
    }

    /** A bare okhttp-eventsource pull loop that parses each event into a map: the baseline. */
    private static final class Baseline {

        private final String base;
        private final long[] latencies = new long[2 * BURST];
        private volatile int count;
        private volatile String lastId = "";

        Baseline(String base) {
            this.base = base;
        }

        String[] measure() throws Exception {
            String token = token(base);
            String from = head(base);
            EventSource source = new EventSource.Builder(ConnectStrategy.http(URI.create(base + "/api/v2/realtime/contacts/stream"))
                    .header("Authorization", "Bearer " + token).readTimeout(0, TimeUnit.MILLISECONDS))
                    .lastEventId(from).build();
            Thread reader = new Thread(() -> read(source), "baseline-reader");
            reader.start();
            try {
                simulator(base, Map.of("paused", false));
                sleep(STEADY_MILLIS);
                simulator(base, Map.of("paused", true));
                String head = head(base);
                waitUntil("the baseline to catch up", 60_000, () -> lastId.equals(head));
                long[] steady = sorted(latencies, count);
                String steadyRow = row("baseline (eventsource + JSON), steady " + RATE + "/s (" + steady.length + " ev)", RATE,
                        percentile(steady, 0.5), percentile(steady, 0.99));

                int before = count;
                long started = System.nanoTime();
                generate(base, BURST);
                String target = head(base);
                waitUntil("the baseline to read the burst", 300_000, () -> lastId.equals(target));
                double rate = (count - before) / ((System.nanoTime() - started) / 1e9);
                return new String[] {steadyRow, row("baseline (eventsource + JSON), burst of " + BURST, rate, -1, -1)};
            } finally {
                source.close();
                reader.join(5_000);
            }
        }

        private void read(EventSource source) {
            for (MessageEvent message : source.messages()) {
                try {
                    Map<?, ?> data = JSON.readValue(message.getData(), Map.class);
                    Object timestamp = data.get("timestamp");
                    int at = count;
                    if (timestamp instanceof String text && at < latencies.length) {
                        latencies[at] = System.currentTimeMillis() - Instant.parse(text).toEpochMilli();
                    }
                    count = at + 1;
                    lastId = message.getLastEventId();
                } catch (Exception malformed) {
                    lastId = message.getLastEventId();
                }
            }
        }
    }


    private static void simulator(String base, Map<String, Object> config) {
        Http.post(base + "/_sim/contacts/config", Http.json(config));
    }

    private static void generate(String base, int count) {
        Http.post(base + "/_sim/contacts/generate", Http.json(Map.of("count", count)));
    }

    private static String head(String base) {
        return Http.get(base + "/_sim/contacts/stats").json().path("logHead").asText();
    }

    private static String cursor(ProductProcess product) {
        return contactStream(product).path("cursor").asText();
    }

    /** The contact-state row of {@code GET /api/streams}; a missing node if there is none yet. */
    private static JsonNode contactStream(ProductProcess product) {
        for (JsonNode stream : Http.get(product.url("/api/streams")).json().path("streams")) {
            if (stream.path("name").asText().equals("contact-state")) {
                return stream;
            }
        }
        return MissingNode.getInstance();
    }

    private static long total(ProductProcess product) {
        return Http.get(product.url("/api/contacts?limit=1")).json().path("total").asLong();
    }


    /** The product on the simulator, contact-state only, with its own data folder and -Xmx256m. */
    private static ProductProcess startProduct(String base, Map<String, String> more) throws IOException {
        Map<String, String> properties = new HashMap<>(Map.of(
                "cxone.simulator.enabled", "false", "cxone.agents.enabled", "false", "cxone.guest.enabled", "false",
                "cxone.adherence.enabled", "false", "cxone.presence.enabled", "false",
                "cxone.api-base-url", base,
                "cxone.auth.client-id", SimulatorSettings.DEMO_CLIENT_ID,
                "cxone.auth.client-secret", SimulatorSettings.DEMO_CLIENT_SECRET,
                "cxone.data-dir", BenchmarkSupport.tempDir("cxone-bench").toString()));
        properties.putAll(more);
        return ProductProcess.start("-Xmx256m", properties);
    }

    /**
     * The burst through the cxone-sse consumer into a route with one trivial step and nothing else
     * ({@code src/test/resources/bench/contact-stream-only.camel.yaml} in place of {@code routes/contact-state.camel.yaml}):
     * what the consumer and Camel's handling of one exchange per event cost, before any work of the flow.
     */
    private static String streamOnly(String base) throws Exception {
        StringBuilder routes = new StringBuilder("file:" + Path.of("src/test/resources/bench/contact-stream-only.camel.yaml").toAbsolutePath());
        try (var files = Files.list(Path.of("routes"))) {
            files.filter(file -> file.toString().endsWith(".camel.yaml") && !file.endsWith("contact-state.camel.yaml"))
                    .forEach(file -> routes.append(",file:").append(file.toAbsolutePath()));
        }
        try (ProductProcess product = startProduct(base, Map.of("camel.main.routesIncludePattern", routes.toString()))) {
            waitUntil("the stream-only route to connect", 60_000, () -> answers(product.url("/observe/health/ready")));
            long before = contactStream(product).path("events").asLong();
            long started = System.nanoTime();
            generate(base, BURST);
            waitUntil("the stream-only route to take the burst", 300_000,
                    () -> contactStream(product).path("events").asLong() >= before + BURST);
            double rate = BURST / ((System.nanoTime() - started) / 1e9);
            return row("cxone-sse into an empty route, burst of " + BURST, rate, -1, -1);
        }
    }


    private static void sleep(long millis) throws InterruptedException {
        TimeUnit.MILLISECONDS.sleep(millis);
    }
}
