package com.cxoneflows.bench;

import com.cxoneflows.bench.BenchmarkTable.Row;
import com.cxoneflows.testing.FreePorts;
import com.cxoneflows.testing.GuestWorld;
import com.cxoneflows.testing.Http;
import com.cxoneflows.testing.ProductProcess;
import com.cxoneflows.testing.Streams;
import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.cxoneflows.bench.BenchmarkSupport.alone;
import static com.cxoneflows.bench.BenchmarkSupport.cpuSeconds;
import static com.cxoneflows.bench.BenchmarkSupport.ownCpuSeconds;
import static com.cxoneflows.bench.BenchmarkSupport.percentile;
import static com.cxoneflows.bench.BenchmarkSupport.setting;
import static com.cxoneflows.bench.BenchmarkSupport.thousands;
import static com.cxoneflows.bench.BenchmarkSupport.sorted;
import static com.cxoneflows.bench.BenchmarkSupport.token;
import static com.cxoneflows.bench.BenchmarkSupport.waitUntil;
import static com.cxoneflows.testing.GuestWorld.message;

/**
 * guest-routing end to end against the simulator (a separate JVM, a fresh one for each side): after a warm-up of
 * at least 120 s of bursts as large as the measured one, each routed to the end, then a
 * burst of 20,000 guest messages (one in ten from a bot over its limit) through intake (bad-frame check, limiter,
 * durable inbox) and Task Routing; then the simulator's own demo traffic (2 guests a second, two bots) for 30 s.
 * Next to it, in the same run, a bare loop that POSTs as many conversations as the burst routes straight to Task
 * Routing with the flow's concurrency (no inbox, no limiter, no redelivery), after its own warm-up of as long; and a
 * bare web-chat client that reads the same socket the flow reads and POSTs each conversation the same way.
 * The SLA (receipt to routed) is read from the product's log line of each routed conversation, not from its timer,
 * whose 5-minute window would mix the warm-up and the burst into the demo rate's percentiles.
 * The limiter's own per-message cost is measured with JMH: {@code mvn -B -q exec:exec@limiter-jmh}.
 *
 * <p>Run with {@code mvn -B -q -DskipTests package && mvn -B -q exec:java@guest-benchmark}; settings
 * {@code -Dbench.runs}, {@code -Dbench.messages}, {@code -Dbench.warmup-seconds}, {@code -Dbench.demo-seconds},
 * {@code -Dbench.product.*} (see {@link BenchmarkSupport}).
 */
public final class GuestRoutingBenchmark {

    private static final int MESSAGES = setting("messages", 20_000);
    private static final int WARM_UP_SECONDS = setting("warmup-seconds", 120);
    private static final int DEMO_SECONDS = setting("demo-seconds", 30);
    /** One message in ten comes from a bot over its window: the limiter works on the way. */
    private static final int BOT_EVERY = 10;
    private static final int CONCURRENCY = 8;
    private static final int CHUNK = 500;
    private static final String ACCEPTED = "cxone_guest_accepted_total";
    /** The SLA timer counts each routed conversation. */
    private static final String ROUTED_SO_FAR = "cxone_guest_sla_seconds_count";
    /** Without the counters' word, the stats are asked every this many polls. */
    private static final int STATS_EVERY = 10;
    /**
     * The flow's threads: the web-chat reader's (frame check, limiter, inbox commit), the routing consumers' (claim,
     * Task Routing call, CRM record), the routed groups' (CRM batch, marking routed) and the redeliveries'.
     */
    private static final List<ThreadCpu.Group> FLOW_THREADS = List.of(
            ThreadCpu.Group.of("web-chat intake", "cxone-ws-guest-routing$"),
            ThreadCpu.Group.of("routing", "seda://guest-conversations"),
            ThreadCpu.Group.of("routed groups", "Aggregator|AggregateTimeoutChecker"),
            ThreadCpu.Group.of("redeliveries", "guestRedeliveries|ErrorHandlerRedeliveryTask"));
    private static final Pattern ROUTED = Pattern.compile("Routed conversation \\S+ to queue \\S+ as task \\S+ in (\\d+) ms");

    private GuestRoutingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchmarkSupport.repeat("guest-routing benchmark", GuestRoutingBenchmark::run);
    }

    private static List<Row> run(BenchmarkTable table) throws Exception {
        Row[] flow = flow(table);
        int conversations = MESSAGES - MESSAGES / BOT_EVERY;
        Row bare = bare(table, conversations);
        Row webchat = bareWebchat(table, conversations);
        table.note("burst: " + thousands(MESSAGES) + " messages after at least " + WARM_UP_SECONDS + " s of warm-up; demo rate: "
                + DEMO_SECONDS + " s; intake: until every"
                + " message is accepted (committed) or rate-limited; routed: until no conversation is pending");
        table.note("CPU: the product's process (/proc) per message (intake, routed) or per routed conversation (demo); the"
                + " bare clients': this JVM's per call; heap: the product's after a full GC at the end of its run");
        table.note("latency: the SLA, receipt to routed (product log), for the flow; one call's round trip for the poster;"
                + " the ratios: the flow's routed conversations over each bare client's calls a second");
        return List.of(flow[0], flow[1].against(bare), bare,
                flow[1].labelled("flow routed conversations, same burst, vs the bare web-chat client").against(webchat), webchat,
                flow[2]);
    }

    private static Row[] flow(BenchmarkTable table) throws Exception {
        int port = FreePorts.next();
        String base = "http://127.0.0.1:" + port;
        Map<String, String> properties = alone("guest");
        properties.put("crm.url", base + "/crm/v1/batches");
        properties.put("cxone.guest.routing.concurrency", String.valueOf(CONCURRENCY));
        try (ProductProcess simulator = startSimulator(port);
             ProductProcess product = BenchmarkSupport.startProduct(base, properties)) {
            waitUntil("the flow to connect", 60_000, () -> Streams.connected(product.url(""), "guest-routing"));
            GuestWorld guests = new GuestWorld(base);
            long warmUpEnds = System.nanoTime() + TimeUnit.SECONDS.toNanos(WARM_UP_SECONDS);
            // bursts as large as the measured one, each routed to the end, for 120 s: after 30 s the JIT compilers still
            // took 83–95 of the 309–321 µs a message of the measured burst, and the routing threads ran code they had
            // not compiled yet (121–127 µs a message against 45 after 120 s)
            for (int round = 0; System.nanoTime() < warmUpEnds; round++) {
                long handled = handled(product);
                send(guests, "warm-" + round, MESSAGES);
                waitUntil("the warm-up's intake", 300_000, 100, () -> handled(product) >= handled + MESSAGES);
                waitUntil("the warm-up's routing", 300_000, 200, () -> stats(product).path("pending").asLong() == 0);
            }

            int logFrom = product.log().length();
            long handled = handled(product);
            long accepted = stats(product).path("accepted").asLong();
            long routedBefore = stats(product).path("routedConversations").asLong();
            long acceptedSoFar = counter(product, ACCEPTED);
            long routedSoFar = counter(product, ROUTED_SO_FAR);
            ThreadCpu threads = new ThreadCpu(product, FLOW_THREADS);
            double cpu = cpuSeconds(product.pid());
            double simulatorCpu = cpuSeconds(simulator.pid());
            double driverCpu = ownCpuSeconds();
            threads.start();
            long started = System.nanoTime();
            send(guests, "bench", MESSAGES);
            waitUntil("the intake", 600_000, 100, () -> handled(product) >= handled + MESSAGES);
            double intakeSeconds = (System.nanoTime() - started) / 1e9;
            double intakeCpu = cpuSeconds(product.pid()) - cpu;
            // each accepted message of the burst starts a conversation of its own
            waitUntilNothingPending(product, "the routing", routedSoFar + counter(product, ACCEPTED) - acceptedSoFar);
            double seconds = (System.nanoTime() - started) / 1e9;
            double productCpu = cpuSeconds(product.pid()) - cpu;
            double cpuMicros = productCpu * 1e6 / MESSAGES;
            simulatorCpu = cpuSeconds(simulator.pid()) - simulatorCpu;
            driverCpu = ownCpuSeconds() - driverCpu;
            threads.stop();
            table.note(threads.breakdown("guest-routing flow, burst of " + thousands(MESSAGES) + " messages", "message", MESSAGES, cpuMicros));
            long routed = stats(product).path("routedConversations").asLong() - routedBefore;
            table.note(machine("flow", routed, seconds, Map.of("product", productCpu, "simulator", simulatorCpu,
                    "this JVM (sends the messages)", driverCpu)));
            long[] sla = slaMillis(product, logFrom);
            Row intake = Row.of("flow intake (check, limiter, inbox), burst of " + thousands(MESSAGES) + " messages",
                    MESSAGES / intakeSeconds, intakeCpu * 1e6 / MESSAGES);
            System.out.printf("guest-routing flow: %d messages of the burst accepted, %d conversations routed%n",
                    stats(product).path("accepted").asLong() - accepted, routed);
            Row routing = Row.of("flow routed conversations, same burst", routed / seconds, cpuMicros)
                    .latency(percentile(sla, 0.5), percentile(sla, 0.99));

            Row demo = demo(base, product);
            return new Row[] {intake, routing.heap(BenchmarkSupport.heapAfterGcMegabytes(product)), demo};
        }
    }

    /** The simulator's own guest traffic for {@value #DEMO_SECONDS} s: the SLA at the demo rate. */
    private static Row demo(String base, ProductProcess product) throws IOException {
        int logFrom = product.log().length();
        long routedBefore = stats(product).path("routedConversations").asLong();
        double cpu = cpuSeconds(product.pid());
        long started = System.nanoTime();
        pauseGuests(base, false);
        BenchmarkSupport.pause(TimeUnit.SECONDS.toMillis(DEMO_SECONDS));
        pauseGuests(base, true);
        double seconds = (System.nanoTime() - started) / 1e9;
        waitUntil("the demo traffic's routing", 60_000, 200, () -> stats(product).path("pending").asLong() == 0);
        long routed = stats(product).path("routedConversations").asLong() - routedBefore;
        long[] sla = slaMillis(product, logFrom);
        return Row.of("flow at the demo rate (2 guests/s, 2 bots): routed conversations",
                routed / seconds, (cpuSeconds(product.pid()) - cpu) * 1e6 / Math.max(1, routed))
                .latency(percentile(sla, 0.5), percentile(sla, 0.99));
    }

    /** Pauses or resumes the simulator's guests. */
    private static void pauseGuests(String base, boolean paused) {
        Http.post(base + "/_sim/guests/config", Http.json(Map.of("paused", paused)));
    }

    /** {@code count} messages in chunks, each a new conversation; one in ten from the same bot fingerprint. */
    private static void send(GuestWorld guests, String prefix, int count) {
        send(guests, prefix, count, true);
    }

    /** {@code count} messages in chunks, each a new conversation; if {@code bot}, one in ten from the same fingerprint. */
    private static void send(GuestWorld guests, String prefix, int count, boolean bot) {
        for (int from = 0; from < count; from += CHUNK) {
            List<Map<String, Object>> chunk = new ArrayList<>();
            for (int i = from; i < Math.min(count, from + CHUNK); i++) {
                String fingerprint = bot && i % BOT_EVERY == 0 ? "fp-" + prefix + "-bot" : "fp-" + prefix + "-" + i;
                chunk.add(message(prefix + "-" + i, fingerprint, "Hi, my order is late", null));
            }
            guests.send(chunk);
        }
    }

    /**
     * Messages the intake is done with: accepted (committed to the inbox), rate-limited or refused as bad; from the
     * product's counters, which cost it far less to answer than its stats (see {@link #waitUntilNothingPending}).
     */
    private static long handled(ProductProcess product) {
        String metrics = metrics(product);
        return counter(metrics, ACCEPTED) + counter(metrics, "cxone_guest_rate_limited_total") + counter(metrics, "cxone_guest_bad_frames_total");
    }

    /**
     * Waits until no conversation is pending, asking the stats (whose pending count walks the store's status index
     * while the flow writes it: 15-20 % of the product's CPU samples in the routed burst when asked every 200 ms) only
     * once the counters say {@code routed} conversations were routed since start, or every {@value #STATS_EVERY}th
     * time otherwise (so a conversation dead-lettered instead ends the wait as well).
     */
    private static void waitUntilNothingPending(ProductProcess product, String what, long routed) {
        AtomicInteger asked = new AtomicInteger();
        waitUntil(what, 600_000, 200, () -> (counter(product, ROUTED_SO_FAR) >= routed || asked.incrementAndGet() % STATS_EVERY == 0)
                && stats(product).path("pending").asLong() == 0);
    }

    private static long counter(ProductProcess product, String sample) {
        return counter(metrics(product), sample);
    }

    /** One sample of a Prometheus scrape, 0 if absent. */
    private static long counter(String metrics, String sample) {
        for (String line : metrics.lines().toList()) {
            if (line.startsWith(sample + " ")) {
                return (long) Double.parseDouble(line.substring(sample.length() + 1).trim());
            }
        }
        return 0;
    }

    private static String metrics(ProductProcess product) {
        return Http.get(product.url("/observe/metrics")).body();
    }

    /** The SLA of every conversation routed since the log had {@code from} characters, sorted. */
    private static long[] slaMillis(ProductProcess product, int from) {
        List<Long> values = new ArrayList<>();
        Matcher matcher = ROUTED.matcher(product.log().substring(from));
        while (matcher.find()) {
            values.add(Long.parseLong(matcher.group(1)));
        }
        if (values.isEmpty()) {
            throw new IllegalStateException("no line 'Routed conversation ... in N ms' in the product's log: the SLA cannot be read");
        }
        long[] millis = values.stream().mapToLong(Long::longValue).toArray();
        return sorted(millis, millis.length);
    }

    /**
     * The two cores' CPU a routed conversation took, by process: the ratio of the flow to a bare client is the ratio of
     * these sums when the cores are busy, and the simulator's part is in both.
     */
    private static String machine(String what, long conversations, double seconds, Map<String, Double> cpuSecondsByProcess) {
        double total = cpuSecondsByProcess.values().stream().mapToDouble(Double::doubleValue).sum();
        int cores = Runtime.getRuntime().availableProcessors();
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "machine CPU, %s: %.1f us a routed conversation (%.0f %% of %d cores)",
                what, total * 1e6 / conversations, total / seconds / cores * 100, cores));
        cpuSecondsByProcess.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).forEach(process ->
                line.append(String.format(Locale.ROOT, "; %s %.1f", process.getKey(), process.getValue() * 1e6 / conversations)));
        return line.toString();
    }

    /** Task Routing straight from {@value #CONCURRENCY} threads: the ceiling the simulator and HTTP set. */
    private static Row bare(BenchmarkTable table, int count) throws Exception {
        int port = FreePorts.next();
        String base = "http://127.0.0.1:" + port;
        try (ProductProcess simulator = startSimulator(port)) {
            Poster poster = new Poster(base);
            long warmUpEnds = System.nanoTime() + TimeUnit.SECONDS.toNanos(WARM_UP_SECONDS);
            for (int round = 0; System.nanoTime() < warmUpEnds; round++) {
                poster.post("warm-" + round, CHUNK);
            }
            double cpu = ownCpuSeconds();
            double simulatorCpu = cpuSeconds(simulator.pid());
            long started = System.nanoTime();
            long[] latencies = poster.post("bench", count);
            double seconds = (System.nanoTime() - started) / 1e9;
            double posterCpu = ownCpuSeconds() - cpu;
            table.note(machine("bare poster", count, seconds, Map.of("poster (this JVM)", posterCpu,
                    "simulator", cpuSeconds(simulator.pid()) - simulatorCpu)));
            long[] sortedLatencies = sorted(latencies, latencies.length);
            return Row.of("bare: " + CONCURRENCY + " threads POST to Task Routing, " + thousands(count) + " conversations", count / seconds,
                    posterCpu * 1e6 / count).latency(percentile(sortedLatencies, 0.5), percentile(sortedLatencies, 0.99));
        }
    }

    /**
     * The flow's stream, bare: a Vert.x client authenticates on the web-chat integration socket as the flow does,
     * parses each guest frame, and POSTs its conversation to Task Routing from {@value #CONCURRENCY} threads; no inbox,
     * limiter, redelivery or CRM. Its messages reach the simulator the flow's way (this JVM sends them), without the
     * bot's, which it has no limiter to turn away; after a warm-up of as long as the flow's.
     */
    private static Row bareWebchat(BenchmarkTable table, int count) throws Exception {
        int port = FreePorts.next();
        String base = "http://127.0.0.1:" + port;
        Vertx vertx = Vertx.vertx();
        ExecutorService posters = Executors.newFixedThreadPool(CONCURRENCY);
        BlockingQueue<String> conversations = new LinkedBlockingQueue<>();
        AtomicLong posted = new AtomicLong();
        // a poster thread's failure, which the waits below report instead of timing out on it
        CompletableFuture<Void> postingFailed = new CompletableFuture<>();
        try (ProductProcess simulator = startSimulator(port)) {
            Poster poster = new Poster(base);
            CompletableFuture<Void> authenticated = new CompletableFuture<>();
            WebSocket socket = vertx.createWebSocketClient().connect(new WebSocketConnectOptions()
                            .setAbsoluteURI(base.replace("http", "ws") + "/webchat/v1/ws"))
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            socket.textMessageHandler(frame -> {
                JsonNode root;
                try {
                    root = Http.JSON.readTree(frame);
                } catch (IOException notJson) {
                    return;
                }
                if ("auth.ok".equals(root.path("type").asText())) {
                    authenticated.complete(null);
                } else if ("message".equals(root.path("type").asText()) && "inbound".equals(root.path("direction").asText())) {
                    conversations.add(root.path("conversationId").asText());
                }
            });
            socket.writeTextMessage(Http.json(Map.of("type", "auth", "token", token(base))));
            authenticated.get(10, TimeUnit.SECONDS);
            for (int i = 0; i < CONCURRENCY; i++) {
                posters.execute(() -> {
                    try {
                        while (true) {
                            poster.callOnceMore(conversations.take());
                            posted.incrementAndGet();
                        }
                    } catch (InterruptedException stopped) {
                        Thread.currentThread().interrupt();
                    } catch (IOException | RuntimeException failed) {
                        postingFailed.completeExceptionally(failed);
                    }
                });
            }
            GuestWorld guests = new GuestWorld(base);
            long warmUpEnds = System.nanoTime() + TimeUnit.SECONDS.toNanos(WARM_UP_SECONDS);
            for (int round = 0; System.nanoTime() < warmUpEnds; round++) {
                long before = posted.get();
                send(guests, "warm-" + round, MESSAGES, false);
                waitUntil("the bare web-chat client's warm-up", 300_000, 50, () -> postedAtLeast(posted, before + MESSAGES, postingFailed));
            }
            long before = posted.get();
            double cpu = ownCpuSeconds();
            double simulatorCpu = cpuSeconds(simulator.pid());
            long started = System.nanoTime();
            send(guests, "bench", count, false);
            waitUntil("the bare web-chat client", 300_000, 20, () -> postedAtLeast(posted, before + count, postingFailed));
            double seconds = (System.nanoTime() - started) / 1e9;
            double clientCpu = ownCpuSeconds() - cpu;
            table.note(machine("bare web-chat client", count, seconds, Map.of("client (this JVM, which also sends the messages)",
                    clientCpu, "simulator", cpuSeconds(simulator.pid()) - simulatorCpu)));
            socket.close();
            return Row.of("bare: web-chat socket + " + CONCURRENCY + " threads POST, " + thousands(count) + " conversations",
                    count / seconds, clientCpu * 1e6 / count);
        } finally {
            posters.shutdownNow();
            vertx.close();
        }
    }

    /** True once {@code count} calls were made; throws the first failed call's error instead of waiting on. */
    private static boolean postedAtLeast(AtomicLong posted, long count, CompletableFuture<Void> postingFailed) {
        if (postingFailed.isCompletedExceptionally()) {
            postingFailed.join();
        }
        return posted.get() >= count;
    }

    /** POSTs conversations to Task Routing from {@value #CONCURRENCY} threads, the way the flow calls it. */
    private static final class Poster {

        private final String base;
        private final String authorization;
        private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        Poster(String base) throws IOException, InterruptedException {
            this.base = base;
            this.authorization = "Bearer " + token(base);
        }

        /** Each call's round trip in ms. */
        long[] post(String prefix, int count) throws Exception {
            long[] latencies = new long[count];
            AtomicInteger next = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY);
            try {
                List<Future<?>> workers = new ArrayList<>();
                for (int w = 0; w < CONCURRENCY; w++) {
                    workers.add(pool.submit(() -> {
                        for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                            latencies[i] = callOnceMore(prefix + "-" + i);
                        }
                        return null;
                    }));
                }
                for (Future<?> worker : workers) {
                    worker.get();
                }
                return latencies;
            } finally {
                pool.shutdown();
            }
        }

        /**
         * A call, made again once if the pooled connection was closed under the client ("header parser received no
         * bytes: connection closed locally", seen once in 20,000 calls); the retry's time counts, so the bare rate
         * can only come out lower for it.
         */
        private long callOnceMore(String id) throws IOException, InterruptedException {
            long started = System.nanoTime();
            try {
                return call(id);
            } catch (IOException closedUnderUs) {
                call(id + "-again");
                return (System.nanoTime() - started) / 1_000_000;
            }
        }

        private long call(String id) throws IOException, InterruptedException {
            String body = Http.json(Map.of("type", "webchat", "queueId", "general-support",
                    "customer", Map.of("id", id, "firstName", "Guest", "lastName", "fp-" + id,
                            "email", "guest_" + id + "@temp.cxone.com"),
                    "media", Map.of("webchat", Map.of("message", "Hi, my order is late", "url", ""))));
            long sent = System.nanoTime();
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(base + "/api/v2/routing/conversations"))
                    .header("Content-Type", "application/json").header("Authorization", authorization)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201) {
                throw new IllegalStateException("the bare poster's call answered " + response.statusCode());
            }
            return (System.nanoTime() - sent) / 1_000_000;
        }
    }

    private static ProductProcess startSimulator(int port) {
        ProductProcess simulator = BenchmarkSupport.startSimulator("-Xmx1g", port, "/_sim/guests/stats");
        Http.post("http://127.0.0.1:" + port + "/_sim/guests/config", Http.json(Map.of("paused", true)));
        return simulator;
    }

    private static JsonNode stats(ProductProcess product) {
        return Http.get(product.url("/api/guests/stats")).json();
    }
}
