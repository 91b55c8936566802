package com.cxoneflows.bench;

import com.cxoneflows.simulator.SimulatorSettings;
import com.cxoneflows.testing.Http;
import com.cxoneflows.testing.Metrics;
import com.cxoneflows.testing.ProductProcess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** What the benchmarks share: waiting, reading Prometheus values, percentiles, heap after a full GC. */
final class BenchmarkSupport {

    private BenchmarkSupport() {
    }

    static void waitUntil(String what, long timeoutMillis, BooleanSupplier condition) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            try {
                TimeUnit.MILLISECONDS.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
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
        for (String line : text.lines().toList()) {
            int used = line.indexOf(" used ");
            if (line.contains("total") && used > 0) {
                String kilobytes = line.substring(used + 6).trim().split("K")[0].trim();
                return Long.parseLong(kilobytes) / 1024;
            }
        }
        throw new IllegalStateException("cannot read the heap from jcmd: " + text);
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

    static String row(String name, double eventsPerSecond, long p50, long p99) {
        return String.format(Locale.ROOT, "%-44s %12.0f %10d %10d", name, eventsPerSecond, p50, p99);
    }

    static String header() {
        return String.format(Locale.ROOT, "%-44s %12s %10s %10s", "", "events/s", "p50 ms", "p99 ms");
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
