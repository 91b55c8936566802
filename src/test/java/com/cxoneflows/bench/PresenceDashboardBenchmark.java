package com.cxoneflows.bench;

import com.cxoneflows.simulator.SimulatorSettings;
import com.cxoneflows.testing.FreePorts;
import com.cxoneflows.testing.PresenceWorld;
import com.cxoneflows.testing.ProductProcess;
import com.cxoneflows.testing.SseStream;
import com.cxoneflows.testing.Streams;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static com.cxoneflows.bench.BenchmarkSupport.answers;
import static com.cxoneflows.bench.BenchmarkSupport.metric;
import static com.cxoneflows.bench.BenchmarkSupport.percentile;
import static com.cxoneflows.bench.BenchmarkSupport.sorted;
import static com.cxoneflows.bench.BenchmarkSupport.waitUntil;

/**
 * presence-dashboard end to end against the simulator (a separate JVM) with 1,000 users and five browsers on the
 * feed: at 200 and at 2,000 updates a second, the latency from the simulator's timestamp of an update to a
 * browser's receipt of the row that carries it, the updates coalesced, and the product's CPU per update applied.
 *
 * <p>Run with {@code mvn -B -q -DskipTests package && mvn -B -q exec:java@presence-benchmark}.
 */
public final class PresenceDashboardBenchmark {

    private static final int[] RATES = {200, 2_000};
    private static final int BROWSERS = 5;
    private static final long WARM_UP_MILLIS = 5_000;
    private static final long MEASURE_MILLIS = 15_000;
    /** Linux's USER_HZ: /proc counts CPU time in these ticks. */
    private static final double TICKS_PER_SECOND = 100;

    /** One browser on the feed: the latency of every row it receives while recording. */
    private static final class Browser implements AutoCloseable {

        private final SseStream stream;
        private final long[] latencies = new long[2_000_000];
        private volatile boolean recording;
        private int count;

        Browser(String feed) {
            stream = SseStream.open(feed, null, null);
            Thread reader = new Thread(this::read, "browser");
            reader.setDaemon(true);
            reader.start();
        }

        private void read() {
            while (!stream.ended()) {
                SseStream.Event event;
                try {
                    event = stream.next();
                } catch (AssertionError quiet) {
                    continue;
                }
                long received = System.currentTimeMillis();
                if (recording && event.type().equals("updates")) {
                    for (JsonNode row : event.json().path("updates")) {
                        record(received - Instant.parse(row.path("updatedAt").asText()).toEpochMilli());
                    }
                }
            }
        }

        private synchronized void record(long latency) {
            if (count < latencies.length) {
                latencies[count++] = latency;
            }
        }

        synchronized void start() {
            count = 0;
            recording = true;
        }

        synchronized long[] stop() {
            recording = false;
            return sorted(latencies, count);
        }

        @Override
        public void close() {
            stream.close();
        }
    }

    private PresenceDashboardBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int port = FreePorts.next();
        String base = "http://127.0.0.1:" + port;
        try (ProductProcess simulator = ProductProcess.start("-Xmx512m", Map.of("cxone.simulator.port", String.valueOf(port)),
                "--simulator-only")) {
            waitUntil("the simulator", 30_000, () -> answers(base + "/_sim/presence/stats"));
            PresenceWorld world = new PresenceWorld(base);
            world.configure(Map.of("updatesPerSecond", 0));
            List<String> rows = new ArrayList<>();
            try (ProductProcess product = ProductProcess.start(Map.of(
                    "cxone.simulator.enabled", "false", "cxone.contacts.enabled", "false", "cxone.agents.enabled", "false",
                    "cxone.guest.enabled", "false", "cxone.adherence.enabled", "false",
                    "cxone.api-base-url", base,
                    "cxone.auth.client-id", SimulatorSettings.DEMO_CLIENT_ID,
                    "cxone.auth.client-secret", SimulatorSettings.DEMO_CLIENT_SECRET,
                    "cxone.data-dir", BenchmarkSupport.tempDir("cxone-bench").toString()))) {
                waitUntil("the flow to connect", 60_000, () -> Streams.connected(product.url(""), "presence-dashboard"));
                List<Browser> browsers = new ArrayList<>();
                for (int i = 0; i < BROWSERS; i++) {
                    browsers.add(new Browser(product.url("/api/presence/stream")));
                }
                for (int rate : RATES) {
                    rows.add(measure(world, product, browsers, rate));
                }
                browsers.forEach(Browser::close);
            }
            System.out.println();
            System.out.println("presence-dashboard benchmark on " + Runtime.getRuntime().availableProcessors() + " cores, "
                    + System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + ", "
                    + BROWSERS + " browsers on the feed, 1,000 users, coalescing window 100 ms");
            System.out.println(String.format(Locale.ROOT, "%12s %12s %14s %10s %10s %10s %16s", "updates/s", "applied/s",
                    "rows/browser/s", "coalesced", "p50 ms", "p99 ms", "CPU µs/update"));
            rows.forEach(System.out::println);
            System.out.println("latency: a browser's receipt of a row minus the simulator's timestamp of the update it carries"
                    + " (ms resolution; the window adds up to 100 ms by design)");
        }
    }

    private static String measure(PresenceWorld world, ProductProcess product, List<Browser> browsers, int rate) throws Exception {
        world.configure(Map.of("updatesPerSecond", rate));
        TimeUnit.MILLISECONDS.sleep(WARM_UP_MILLIS);
        double applied = metric(product, "cxone_presence_updates_total");
        double coalesced = metric(product, "cxone_presence_coalesced_total");
        long cpuTicks = cpuTicks(product.pid());
        browsers.forEach(Browser::start);
        long started = System.nanoTime();
        TimeUnit.MILLISECONDS.sleep(MEASURE_MILLIS);
        double seconds = (System.nanoTime() - started) / 1e9;
        long[] latencies = browsers.stream().map(Browser::stop).flatMapToLong(Arrays::stream).sorted().toArray();
        double cpuSeconds = (cpuTicks(product.pid()) - cpuTicks) / TICKS_PER_SECOND;
        double appliedNow = metric(product, "cxone_presence_updates_total") - applied;
        double coalescedNow = metric(product, "cxone_presence_coalesced_total") - coalesced;
        return String.format(Locale.ROOT, "%12d %12.0f %14.0f %9.1f%% %10d %10d %16.0f", rate, appliedNow / seconds,
                latencies.length / (double) BROWSERS / seconds, 100 * coalescedNow / Math.max(1, appliedNow),
                percentile(latencies, 0.50), percentile(latencies, 0.99), cpuSeconds * 1e6 / Math.max(1, appliedNow));
    }

    /** User plus system CPU time of a process so far, in ticks, from {@code /proc/<pid>/stat}. */
    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // after the command: state is field 3, utime field 14, stime field 15
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
