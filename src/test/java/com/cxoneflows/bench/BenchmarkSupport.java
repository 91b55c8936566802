package com.cxoneflows.bench;

import com.cxoneflows.simulator.SimulatorSettings;
import com.cxoneflows.testing.Http;
import com.cxoneflows.testing.Metrics;
import com.cxoneflows.testing.ProductProcess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;

/**
 * What the benchmarks share: their settings ({@code -Dbench.*}), the product and simulator JVMs, paced feeding,
 * waiting, reading Prometheus values, percentiles, CPU time and heap after a full GC.
 *
 * <p>Settings, all optional: {@code -Dbench.runs=N} runs the whole benchmark N times (default 3) and prints each
 * run and the median; each benchmark names its own counts ({@code -Dbench.events}, {@code -Dbench.warmup}, ...);
 * {@code -Dbench.product.<key>=<value>} hands {@code -D<key>=<value>} to the product's JVM (e.g.
 * {@code -Dbench.product.cxone.contacts.max-batch=1}), whether or not the product knows the key;
 * {@code -Dbench.product-jvm="..."} replaces the product's JVM options after its heap limit, which are by default the
 * ones its deployments set ({@value #DEPLOYED_JVM_OPTIONS}), e.g. {@code -XX:+UseG1GC} to compare collectors.
 */
final class BenchmarkSupport {

    private static final String PRODUCT_PREFIX = "bench.product.";
    /** As the Dockerfile, Compose, Kubernetes and Camel K set them, and the README's start command (see the README). */
    private static final String DEPLOYED_JVM_OPTIONS = "-XX:+UseParallelGC";
    /** Linux's USER_HZ: /proc counts CPU time in these ticks. */
    private static final double TICKS_PER_SECOND = 100;

    /** One run of a benchmark: its rows, or an exception that ends the benchmark. */
    interface Run {
        List<BenchmarkTable.Row> measure(BenchmarkTable table) throws Exception;
    }

    private BenchmarkSupport() {
    }

    /** Runs {@code run} {@code -Dbench.runs} times (default 3), printing each run's rows, then the summary. */
    static void repeat(String title, Run run) throws Exception {
        int runs = Integer.getInteger("bench.runs", 3);
        Map<String, String> overrides = productOverrides();
        BenchmarkTable table = new BenchmarkTable(title + (overrides.isEmpty() ? "" : ", product with " + overrides));
        for (int number = 1; number <= runs; number++) {
            table.run(number, run.measure(table));
        }
        table.printSummary();
    }

    /** A count or duration a benchmark lets {@code -Dbench.<name>} change. */
    static int setting(String name, int defaultValue) {
        return Integer.getInteger("bench." + name, defaultValue);
    }

    /** A count as the tables print it: 2,000,000. */
    static String thousands(long count) {
        return String.format(Locale.ROOT, "%,d", count);
    }

    static String describeMachine() {
        return Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.version") + ", product " + productJvmOptions();
    }

    /** The {@code -Dbench.product.*} properties, without the prefix. */
    static Map<String, String> productOverrides() {
        Map<String, String> overrides = new TreeMap<>();
        System.getProperties().stringPropertyNames().stream().filter(name -> name.startsWith(PRODUCT_PREFIX))
                .forEach(name -> overrides.put(name.substring(PRODUCT_PREFIX.length()), System.getProperty(name)));
        return overrides;
    }

    /** The simulator alone in its own JVM on {@code port}, once {@code readyPath} answers. */
    static ProductProcess startSimulator(String heap, int port, String readyPath) {
        ProductProcess simulator = ProductProcess.start(heap, Map.of("cxone.simulator.port", String.valueOf(port)), "--simulator-only");
        waitUntil("the simulator", 30_000, () -> answers("http://127.0.0.1:" + port + readyPath));
        return simulator;
    }

    /**
     * The product with {@link #productJvmOptions}, its own data folder, the demo credentials, and the
     * {@code -Dbench.product.*} overrides last.
     */
    static ProductProcess startProduct(String simulatorBase, Map<String, String> properties) throws IOException {
        Map<String, String> all = new HashMap<>(properties);
        all.put("cxone.simulator.enabled", "false");
        all.put("cxone.api-base-url", simulatorBase);
        all.put("cxone.auth.client-id", SimulatorSettings.DEMO_CLIENT_ID);
        all.put("cxone.auth.client-secret", SimulatorSettings.DEMO_CLIENT_SECRET);
        Path dataDir = tempDir("cxone-bench");
        all.put("cxone.data-dir", dataDir.toString());
        all.putAll(productOverrides());
        ProductProcess product;
        try {
            product = ProductProcess.start(productJvmOptions(), all);
        } catch (RuntimeException e) {
            Files.delete(dataDir);
            throw e;
        }
        return product.deletingOnClose(dataDir);
    }

    /** -Xmx256m, then {@code -Dbench.product-jvm} or the deployments' options. */
    static String productJvmOptions() {
        return ("-Xmx256m " + System.getProperty("bench.product-jvm", DEPLOYED_JVM_OPTIONS)).trim();
    }

    /** Every flow's switch but {@code flow}'s ({@code contacts}, {@code agents}, ...) turned off: each benchmark runs its flow alone. */
    static Map<String, String> alone(String flow) {
        Map<String, String> switches = new HashMap<>();
        for (String other : List.of("contacts", "agents", "guest", "adherence", "presence")) {
            if (!other.equals(flow)) {
                switches.put("cxone." + other + ".enabled", "false");
            }
        }
        return switches;
    }

    /**
     * A simulator's stream: {@code append} adds events at once, {@code head} is the position of the newest, {@code pace}
     * switches its own steady pace on and off. A burst is appended {@code chunk} events at a time. If the simulator
     * can {@code hold} its connections (send nothing while true), the whole burst is appended first and the clock starts
     * as it lets go: the reader is measured alone, not racing the simulator making events on the same two cores.
     * Otherwise ({@code hold} null) it appends while the reader reads, at most about {@code maxBacklog} ahead of it,
     * so that neither JVM holds millions of unsent frames.
     */
    record Source(IntConsumer append, LongSupplier head, Consumer<Boolean> pace, Consumer<Boolean> hold, int chunk,
                  long maxBacklog) {
    }

    /**
     * What is measured of a reader: its {@code cursor} (the position of the last event it took), the {@code events}
     * it is done with (committed, for a durable flow; the cursor itself for a bare client), the CPU time of the
     * process doing the work, and, if not null, its {@code threads}, sampled where a burst reads the process's CPU.
     */
    record Reader(LongSupplier cursor, DoubleSupplier events, DoubleSupplier cpuSeconds, ThreadCpu threads) {

        Reader(LongSupplier cursor, DoubleSupplier events, DoubleSupplier cpuSeconds) {
            this(cursor, events, cpuSeconds, null);
        }
    }

    /** {@code count} events through the reader: a second, to the last event done, and CPU per event. */
    static BenchmarkTable.Row burst(String label, int count, Source source, Reader reader) {
        double before = reader.events().getAsDouble();
        if (source.hold() != null) {
            source.hold().accept(true);
            for (int appended = 0; appended < count; appended += source.chunk()) {
                source.append().accept(Math.min(source.chunk(), count - appended));
            }
        }
        double cpu = reader.cpuSeconds().getAsDouble();
        if (reader.threads() != null) {
            reader.threads().start();
        }
        long started = System.nanoTime();
        if (source.hold() != null) {
            source.hold().accept(false);
        } else {
            feed(count, source, reader.cursor());
        }
        // the cursor first (a cheap read), then the events done: for a flow, a metrics scrape, which costs it CPU
        long last = source.head().getAsLong();
        waitUntil(label, 600_000, () -> reader.cursor().getAsLong() >= last);
        waitUntil(label, 600_000, () -> reader.events().getAsDouble() >= before + count);
        double seconds = (System.nanoTime() - started) / 1e9;
        double cpuSeconds = reader.cpuSeconds().getAsDouble() - cpu;
        if (reader.threads() != null) {
            reader.threads().stop();
        }
        return BenchmarkTable.Row.of(label, count / seconds, cpuSeconds * 1e6 / count);
    }

    private static void feed(int count, Source source, LongSupplier cursor) {
        long start = cursor.getAsLong();
        long appended = 0;
        while (appended < count) {
            if (appended - (cursor.getAsLong() - start) < source.maxBacklog()) {
                int chunk = (int) Math.min(source.chunk(), count - appended);
                source.append().accept(chunk);
                appended += chunk;
            } else {
                pause(20);
            }
        }
    }

    /**
     * The simulator's own pace for {@code seconds}; once the reader has caught up and its last commit had time to land,
     * the events it did a second and the CPU each cost. Latency is for the caller to add.
     */
    static BenchmarkTable.Row steady(String label, int seconds, Source source, Reader reader) {
        double before = reader.events().getAsDouble();
        double cpu = reader.cpuSeconds().getAsDouble();
        long started = System.nanoTime();
        source.pace().accept(true);
        pause(TimeUnit.SECONDS.toMillis(seconds));
        source.pace().accept(false);
        double elapsed = (System.nanoTime() - started) / 1e9;
        long last = source.head().getAsLong();
        waitUntil(label, 60_000, () -> reader.cursor().getAsLong() >= last);
        // a group taken is committed within the commit interval (100 ms by default)
        pause(300);
        double done = reader.events().getAsDouble() - before;
        return BenchmarkTable.Row.of(label, done / elapsed, (reader.cpuSeconds().getAsDouble() - cpu) * 1e6 / done);
    }

    /** The CPU time of the product's process so far, for {@link #steady} and the bursts. */
    static DoubleSupplier cpuOf(ProductProcess product) {
        return () -> {
            try {
                return cpuSeconds(product.pid());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    /** User plus system CPU time of a process so far, from {@code /proc/<pid>/stat}. */
    static double cpuSeconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // after the command: state is field 3, utime field 14, stime field 15
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
    }

    /** CPU time of this JVM so far, where a bare client runs (its polling and feeding are a small part of it). */
    static double ownCpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
    }

    static void pause(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void waitUntil(String what, long timeoutMillis, BooleanSupplier condition) {
        waitUntil(what, timeoutMillis, 20, condition);
    }

    /** Asks every {@code periodMillis}: for a question that costs the product work (a count in its store), less often. */
    static void waitUntil(String what, long timeoutMillis, long periodMillis, BooleanSupplier condition) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            pause(periodMillis);
        }
    }

    /** The value of one Prometheus sample, e.g. {@code cxone_stream_events_total{stream="contact-state"}}; 0 if absent. */
    static double metric(ProductProcess product, String sample) {
        return Metrics.sample(product.url(""), sample);
    }

    /** Heap in use after a full collection, from the JVM's own accounting (jcmd GC.run then GC.heap_info). */
    static long heapAfterGcMegabytes(ProductProcess product) throws IOException, InterruptedException {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        new ProcessBuilder(jcmd, String.valueOf(product.pid()), "GC.run").redirectErrorStream(true).start().waitFor();
        Process info = new ProcessBuilder(jcmd, String.valueOf(product.pid()), "GC.heap_info").redirectErrorStream(true).start();
        String text = new String(info.getInputStream().readAllBytes());
        info.waitFor();
        // one line for G1's heap, one a generation for the Parallel and Serial collectors ("PSYoungGen total …, used …")
        long kilobytes = -1;
        for (String line : text.lines().toList()) {
            int used = line.indexOf(" used ");
            if (line.contains("total") && used > 0) {
                kilobytes = Math.max(0, kilobytes) + Long.parseLong(line.substring(used + 6).trim().split("K")[0].trim());
            }
        }
        if (kilobytes < 0) {
            throw new IllegalStateException("cannot read the heap from jcmd: " + text);
        }
        return kilobytes / 1024;
    }

    static long percentile(long[] sortedMillis, double p) {
        if (sortedMillis.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p * sortedMillis.length) - 1;
        return sortedMillis[Math.max(0, Math.min(sortedMillis.length - 1, index))];
    }

    static long[] sorted(long[] values, int count) {
        long[] copy = Arrays.copyOf(values, count);
        Arrays.sort(copy);
        return copy;
    }

    static boolean answers(String url) {
        try {
            return Http.get(url).status() == 200;
        } catch (RuntimeException notYet) {
            return false;
        }
    }

    /** A token from the simulator's token endpoint with its demo credentials. */
    static String token(String base) throws IOException, InterruptedException {
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/oauth/v2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id="
                        + SimulatorSettings.DEMO_CLIENT_ID + "&client_secret=" + SimulatorSettings.DEMO_CLIENT_SECRET)).build();
        String body = java.net.http.HttpClient.newHttpClient()
                .send(request, java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        return Http.JSON.readTree(body).path("access_token").asText();
    }

    static Path tempDir(String prefix) throws IOException {
        return Files.createTempDirectory(prefix);
    }
}
