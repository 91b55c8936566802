package com.cxoneflows.bench;

import com.cxoneflows.bench.BenchmarkTable.Row;
import com.cxoneflows.testing.FreePorts;
import com.cxoneflows.testing.PresenceWorld;
import com.cxoneflows.testing.ProductProcess;
import com.cxoneflows.testing.SseStream;
import com.cxoneflows.testing.Streams;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static com.cxoneflows.bench.BenchmarkSupport.alone;
import static com.cxoneflows.bench.BenchmarkSupport.cpuSeconds;
import static com.cxoneflows.bench.BenchmarkSupport.metric;
import static com.cxoneflows.bench.BenchmarkSupport.percentile;
import static com.cxoneflows.bench.BenchmarkSupport.setting;
import static com.cxoneflows.bench.BenchmarkSupport.sorted;
import static com.cxoneflows.bench.BenchmarkSupport.waitUntil;

/**
 * presence-dashboard end to end against the simulator (a separate JVM) with 1,000 users and five browsers on the
 * feed: after a warm-up of 30 s at 2,000 updates a second, at 200 and at 2,000 updates a second, the latency from
 * the simulator's timestamp of an update to a browser's receipt of the row that carries it, the updates coalesced,
 * the product's CPU per update applied, and its heap after a full GC at the end.
 *
 * <p>Run with {@code mvn -B -q -DskipTests package && mvn -B -q exec:java@presence-benchmark}; settings
 * {@code -Dbench.runs}, {@code -Dbench.warmup-seconds}, {@code -Dbench.measure-seconds},
 * {@code -Dbench.product.*} (see {@link BenchmarkSupport}).
 */
public final class PresenceDashboardBenchmark {

    private static final int[] RATES = {200, 2_000};
    private static final int BROWSERS = 5;
    private static final int WARM_UP_SECONDS = setting("warmup-seconds", 30);
    /** After a change of rate, before measuring. */
    private static final long SETTLE_MILLIS = 5_000;
    private static final long MEASURE_MILLIS = TimeUnit.SECONDS.toMillis(setting("measure-seconds", 15));

    /** Up to a minute until the product applies no more than the offered rate: what a higher rate left queued is gone. */
    private static void caughtUp(ProductProcess product, int rate) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        double applied = metric(product, "cxone_presence_updates_total");
        do {
            TimeUnit.SECONDS.sleep(1);
            double now = metric(product, "cxone_presence_updates_total");
            if (now - applied <= 1.1 * rate) {
                return;
            }
            applied = now;
        } while (System.nanoTime() < deadline);
    }

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
        BenchmarkSupport.repeat("presence-dashboard benchmark (" + BROWSERS + " browsers on the feed, 1,000 users,"
                + " coalescing window 100 ms)", PresenceDashboardBenchmark::run);
    }

    private static List<Row> run(BenchmarkTable table) throws Exception {
        int port = FreePorts.next();
        String base = "http://127.0.0.1:" + port;
        List<Row> rows = new ArrayList<>();
        try (ProductProcess simulator = BenchmarkSupport.startSimulator("-Xmx512m", port, "/_sim/presence/stats");
             ProductProcess product = BenchmarkSupport.startProduct(base, alone("presence"))) {
            PresenceWorld world = new PresenceWorld(base);
            world.configure(Map.of("updatesPerSecond", 0));
            waitUntil("the flow to connect", 60_000, () -> Streams.connected(product.url(""), "presence-dashboard"));
            List<Browser> browsers = new ArrayList<>();
            for (int i = 0; i < BROWSERS; i++) {
                browsers.add(new Browser(product.url("/api/presence/stream")));
            }
            world.configure(Map.of("updatesPerSecond", RATES[RATES.length - 1]));
            TimeUnit.SECONDS.sleep(WARM_UP_SECONDS);
            for (int rate : RATES) {
                rows.add(measure(world, product, browsers, rate));
            }
            browsers.forEach(Browser::close);
            int last = rows.size() - 1;
            rows.set(last, rows.get(last).heap(BenchmarkSupport.heapAfterGcMegabytes(product)));
        }
        table.note("per s: updates applied a second; CPU: the product's process (/proc) per update applied; heap: the"
                + " product's after a full GC at the end; coalesced and rows per browser: printed with each run");
        table.note("latency: a browser's receipt of a row minus the simulator's timestamp of the update it carries"
                + " (ms resolution; the window adds up to 100 ms by design)");
        return rows;
    }

    private static Row measure(PresenceWorld world, ProductProcess product, List<Browser> browsers, int rate) throws Exception {
        world.configure(Map.of("updatesPerSecond", rate));
        TimeUnit.MILLISECONDS.sleep(SETTLE_MILLIS);
        caughtUp(product, rate);
        double applied = metric(product, "cxone_presence_updates_total");
        double coalesced = metric(product, "cxone_presence_coalesced_total");
        double cpu = cpuSeconds(product.pid());
        browsers.forEach(Browser::start);
        long started = System.nanoTime();
        TimeUnit.MILLISECONDS.sleep(MEASURE_MILLIS);
        double seconds = (System.nanoTime() - started) / 1e9;
        long[] latencies = browsers.stream().map(Browser::stop).flatMapToLong(Arrays::stream).sorted().toArray();
        double cpuSeconds = cpuSeconds(product.pid()) - cpu;
        double appliedNow = metric(product, "cxone_presence_updates_total") - applied;
        double coalescedNow = metric(product, "cxone_presence_coalesced_total") - coalesced;
        System.out.printf(Locale.ROOT, "presence at %d updates/s: %.1f%% coalesced, %.0f rows per browser a second%n", rate,
                100 * coalescedNow / Math.max(1, appliedNow), latencies.length / (double) BROWSERS / seconds);
        return Row.of(String.format(Locale.ROOT, "presence-dashboard, %,d updates/s offered", rate), appliedNow / seconds,
                cpuSeconds * 1e6 / Math.max(1, appliedNow)).latency(percentile(latencies, 0.50), percentile(latencies, 0.99));
    }
}
