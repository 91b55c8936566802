package com.cxoneflows.bench;

import com.cxoneflows.simulator.SimulatorSettings;
import com.cxoneflows.testing.FreePorts;
import com.cxoneflows.testing.GuestWorld;
import com.cxoneflows.testing.Http;
import com.cxoneflows.testing.ProductProcess;
import com.cxoneflows.testing.Streams;
import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static com.cxoneflows.bench.BenchmarkSupport.answers;
import static com.cxoneflows.bench.BenchmarkSupport.header;
import static com.cxoneflows.bench.BenchmarkSupport.percentile;
import static com.cxoneflows.bench.BenchmarkSupport.row;
import static com.cxoneflows.bench.BenchmarkSupport.sorted;
import static com.cxoneflows.bench.BenchmarkSupport.token;
import static com.cxoneflows.bench.BenchmarkSupport.waitUntil;
import static com.cxoneflows.testing.GuestWorld.message;

/**
 * guest-routing end to end against the simulator (a separate JVM): a burst of guest messages through intake
 * (bad-frame check, limiter, durable inbox) and Task Routing, next to, in the same run, a bare loop that POSTs the
 * same number of conversations straight to Task Routing with the flow's concurrency (no inbox, no limiter, no
 * redelivery). Latency: the flow's SLA timer (receipt to routed) and, for the loop, each call's round trip.
 * The limiter's own per-message cost is measured with JMH: {@code mvn -B -q exec:exec@limiter-jmh}.
 *
 * <p>Run with {@code mvn -B -q -DskipTests package && mvn -B -q exec:java@guest-benchmark}.
 */
public final class GuestRoutingBenchmark {

    private static final int MESSAGES = 5_000;
    /** One message in ten comes from a bot over its window: the limiter works on the way. */
    private static final int BOT_EVERY = 10;
    private static final int CONCURRENCY = 8;
    private static final int CHUNK = 500;

    private GuestRoutingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int port = FreePorts.next();
        String base = "http://127.0.0.1:" + port;
        try (ProductProcess simulator = ProductProcess.start("-Xmx1g", Map.of("cxone.simulator.port", String.valueOf(port)),
                "--simulator-only")) {
            waitUntil("the simulator", 30_000, () -> answers(base + "/_sim/guests/stats"));
            Http.post(base + "/_sim/guests/config", Http.json(Map.of("paused", true)));

            String baselineRow = baseline(base);
            String[] flowRows;
            try (ProductProcess product = ProductProcess.start("-Xmx256m", Map.ofEntries(
                    Map.entry("cxone.simulator.enabled", "false"),
                    Map.entry("cxone.contacts.enabled", "false"),
                    Map.entry("cxone.agents.enabled", "false"),
                    Map.entry("cxone.adherence.enabled", "false"),
                    Map.entry("cxone.presence.enabled", "false"),
                    Map.entry("cxone.api-base-url", base),
                    Map.entry("crm.url", base + "/crm/v1/batches"),
                    Map.entry("cxone.auth.client-id", SimulatorSettings.DEMO_CLIENT_ID),
                    Map.entry("cxone.auth.client-secret", SimulatorSettings.DEMO_CLIENT_SECRET),
                    Map.entry("cxone.guest.routing.concurrency", String.valueOf(CONCURRENCY)),
                    Map.entry("cxone.data-dir", BenchmarkSupport.tempDir("cxone-bench").toString())))) {
                waitUntil("the flow to connect", 60_000, () -> Streams.connected(product.url(""), "guest-routing"));
                flowRows = flow(base, product);
            }
            System.out.println();
            System.out.println("guest-routing benchmark on " + Runtime.getRuntime().availableProcessors() + " cores, "
                    + System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
            System.out.println(header().replace("events/s", "msgs/s"));
            System.out.println(baselineRow);
            System.out.println(flowRows[0]);
            System.out.println(flowRows[1]);
            System.out.println("flow latency: the SLA timer, receipt to routed; baseline: one call's round trip");
        }
    }

    private static String[] flow(String base, ProductProcess product) {
        GuestWorld guests = new GuestWorld(base);
        int bots = MESSAGES / BOT_EVERY;
        long started = System.nanoTime();
        for (int from = 0; from < MESSAGES; from += CHUNK) {
            List<Map<String, Object>> chunk = new ArrayList<>();
            for (int i = from; i < Math.min(MESSAGES, from + CHUNK); i++) {
                String fingerprint = i % BOT_EVERY == 0 ? "fp-bench-bot" : "fp-bench-" + i;
                chunk.add(message("bench-" + i, fingerprint, "Hi, my order is late", null));
            }
            guests.send(chunk);
        }
        waitUntil("the intake", 300_000, () -> stats(product).path("received").asLong() >= MESSAGES);
        double intake = MESSAGES / ((System.nanoTime() - started) / 1e9);
        // the bot gets through 10 per minute, the rest is rejected
        long routed = MESSAGES - bots + 10;
        waitUntil("the routing", 300_000, () -> stats(product).path("routedConversations").asLong() >= routed);
        double routing = routed / ((System.nanoTime() - started) / 1e9);
        JsonNode sla = stats(product).path("slaLatencyMs");
        return new String[] {
                row("flow intake (check, limiter, inbox), " + MESSAGES, intake, -1, -1),
                row("flow routed conversations, " + routed, routing, sla.path("p50").asLong(), sla.path("p99").asLong())};
    }

    /** Task Routing straight from {@value #CONCURRENCY} threads: the ceiling the simulator and HTTP set. */
    private static String baseline(String base) throws Exception {
        String authorization = "Bearer " + token(base);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        int count = MESSAGES - MESSAGES / BOT_EVERY;
        long[] latencies = new long[count];
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY);
        long started = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < CONCURRENCY; w++) {
            workers.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    String body = Http.json(Map.of("type", "webchat", "queueId", "general-support",
                            "customer", Map.of("id", "baseline-" + i, "firstName", "Guest", "lastName", "fp-" + i,
                                    "email", "guest_baseline-" + i + "@temp.cxone.com"),
                            "media", Map.of("webchat", Map.of("message", "Hi, my order is late", "url", ""))));
                    long sent = System.nanoTime();
                    HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                                    URI.create(base + "/api/v2/routing/conversations"))
                            .header("Content-Type", "application/json").header("Authorization", authorization)
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() != 201) {
                        throw new IllegalStateException("baseline call answered " + response.statusCode());
                    }
                    latencies[i] = (System.nanoTime() - sent) / 1_000_000;
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        double rate = count / ((System.nanoTime() - started) / 1e9);
        pool.shutdown();
        long[] sortedLatencies = sorted(latencies, count);
        return row("baseline (" + CONCURRENCY + " threads POST to Task Routing), " + count, rate,
                percentile(sortedLatencies, 0.5), percentile(sortedLatencies, 0.99));
    }

    private static JsonNode stats(ProductProcess product) {
        return Http.get(product.url("/api/guests/stats")).json();
    }
}
