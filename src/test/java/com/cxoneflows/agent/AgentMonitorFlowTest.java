package com.cxoneflows.agent;

import ch.qos.logback.classic.Level;
import com.cxoneflows.testing.FreePorts;
import com.cxoneflows.testing.Http;
import com.cxoneflows.testing.LogCapture;
import com.cxoneflows.testing.RunningProduct;
import com.cxoneflows.testing.SimulatorClient;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.apache.camel.api.management.ManagedCamelContext;
import org.apache.camel.api.management.mbean.ManagedRouteMBean;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The agent-monitor flow against the simulator's agent-event WebSocket: subscribe and ack, every close-code
 * policy, a server down at start, pings, duplicates, illegal transitions, the latency alert, the webhook's dead
 * letters, order under load, the agent store equal to the simulator's truth after random disconnects, a batch
 * refusing its malformed and illegal events alone, and the reference's state matrix (seed 002) judged legal by the
 * default one.
 */
class AgentMonitorFlowTest {

    /** Seed 002's agent state matrix, the one a server following the reference plays. */
    private static final Map<String, List<String>> REFERENCE_MATRIX = Map.of(
            "available", List.of("busy", "wrap-up", "break"),
            "busy", List.of("wrap-up", "available"),
            "wrap-up", List.of("available", "break"),
            "break", List.of("available"));

    private RunningProduct product;
    private SimulatorClient sim;

    /** Starts the product with the flow stopped, so that faults posted next meet its first connection. */
    private void start(Map<String, String> overrides) {
        Map<String, String> properties = new HashMap<>(Map.of(
                "cxone.contacts.enabled", "false",
                "cxone.agents.enabled", "false",
                "cxone.agents.retry-delay", "50",
                "cxone.agents.max-retry-delay", "300",
                "cxone.agents.ack-timeout", "1000"));
        properties.putAll(overrides);
        product = RunningProduct.start(properties);
        sim = product.simulator();
        post("/_sim/agents/config", Map.of("eventsPerSecond", 200));
    }

    private void connect() throws Exception {
        product.context().getRouteController().startRoute("agent-monitor");
        await().atMost(Duration.ofSeconds(15)).until(() -> stream().path("connected").asBoolean());
    }

    @AfterEach
    void stop() {
        if (product != null) {
            product.close();
        }
    }

    private JsonNode post(String path, Map<String, Object> body) {
        Http.Response response = Http.post(sim.baseUrl() + path, Http.json(body));
        assertThat(response.status()).as(path + " " + response.body()).isEqualTo(200);
        return response.json();
    }

    private void fault(Map<String, Object> fault) {
        post("/_sim/agents/faults", fault);
    }

    private JsonNode stats() {
        return Http.get(sim.baseUrl() + "/_sim/agents/stats").json();
    }

    private JsonNode stream() {
        for (JsonNode stream : Http.get(product.url("/api/streams")).json().path("streams")) {
            if (stream.path("name").asText().equals("agent-monitor")) {
                return stream;
            }
        }
        return Http.JSON.createObjectNode();
    }

    private JsonNode metrics() {
        return Http.get(product.url("/api/agents/metrics")).json();
    }

    private List<JsonNode> upgrades() {
        return sim.requests("/api/v2/events/stream").stream().filter(r -> r.path("method").asText().equals("GET")).toList();
    }

    private void runFor(Duration duration) {
        long until = System.nanoTime() + duration.toNanos();
        await().atMost(duration.plusSeconds(5)).until(() -> System.nanoTime() >= until);
    }

    /** Stops the world, waits for the flow to take every event, then compares every agent's state. */
    private void assertStoreEqualsTruth() {
        post("/_sim/agents/config", Map.of("paused", true));
        JsonNode truth = Http.get(sim.baseUrl() + "/_sim/agents/truth").json();
        long sequence = truth.path("sequence").asLong();
        await().atMost(Duration.ofSeconds(20)).until(() -> stream().path("cursor").asLong() >= sequence);
        // the last applied sequence, a number as in the frames (product spec, GET /api/streams)
        assertThat(stream().path("cursor").isIntegralNumber()).as("cursor is a number: %s", stream()).isTrue();
        Map<String, String> expected = new TreeMap<>();
        truth.path("agents").fields().forEachRemaining(a -> expected.put(a.getKey(), a.getValue().path("state").asText()));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            Map<String, String> actual = new TreeMap<>();
            product.bean("agentStore", AgentStore.class).all().forEach(a -> actual.put(a.agentId(), a.state()));
            assertThat(actual).isEqualTo(expected);
        });
        // the contract's form of a timestamp: UTC, three digits of milliseconds
        String agentId = expected.keySet().iterator().next();
        assertThat(Http.get(product.url("/api/agents/" + agentId + "/status")).json().path("lastUpdated").asText())
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    }

    private List<JsonNode> auditLines() throws IOException {
        Path audit = product.dataDir().resolve("audit").resolve("agent-monitor.jsonl");
        return Files.readAllLines(audit).stream().map(line -> {
            try {
                return Http.JSON.readTree(line);
            } catch (IOException e) {
                throw new AssertionError(line, e);
            }
        }).toList();
    }

    @Test
    void shouldMatchTruthWhenConnectionsDropAtRandom() throws Exception {
        start(Map.of());
        connect();
        int[][] closes = {{1006, 40}, {1011, 25}, {1001, 30}, {1008, 20}};
        String[] reasons = {"", "internal error", "going away", "rate limit exceeded"};
        for (int i = 0; i < closes.length; i++) {
            long before = stream().path("reconnects").asLong();
            fault(Map.of("kind", "close", "code", closes[i][0], "reason", reasons[i], "afterEvents", closes[i][1]));
            await().atMost(Duration.ofSeconds(10)).until(() -> stream().path("reconnects").asLong() > before
                    && stream().path("connected").asBoolean());
        }

        assertStoreEqualsTruth();
        assertThat(stream().path("stopped").asBoolean()).isFalse();
        assertThat(stream().path("reconnects").asLong()).isEqualTo(4);
    }

    @Test
    void shouldStopOnPolicyCloseAndResumeWhenRestarted() throws Exception {
        start(Map.of());
        connect();
        fault(Map.of("kind", "close", "code", 1008, "reason", "policy violation", "afterEvents", 0));

        await().atMost(Duration.ofSeconds(10)).until(() -> stream().path("stopped").asBoolean());
        int attempts = upgrades().size();
        runFor(Duration.ofMillis(800));
        assertThat(upgrades()).hasSize(attempts);
        assertThat(stream().path("lastError").asText()).contains("1008");

        assertThat(Http.post(product.url("/api/streams/agent-monitor/restart"), "").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> stream().path("connected").asBoolean());
        assertStoreEqualsTruth();
    }

    @Test
    void shouldRenewTheTokenWhenClosedWith4001() throws Exception {
        start(Map.of());
        connect();
        fault(Map.of("kind", "close", "code", 4001, "reason", "token expired", "afterEvents", 0));

        await().atMost(Duration.ofSeconds(10)).until(() -> upgrades().size() >= 2 && stream().path("connected").asBoolean());
        List<JsonNode> upgrades = upgrades();
        assertThat(upgrades.get(1).path("token").asText()).isNotEqualTo(upgrades.get(0).path("token").asText());
        assertThat(sim.requests("/oauth/v2/token")).hasSize(2);
    }

    @Test
    void shouldRenewTheTokenWhenClosedWith4001BeforeTheAck() throws Exception {
        start(Map.of());
        // no socket is open yet: the close hits the first one as soon as it opens, before its subscription is acked
        fault(Map.of("kind", "close", "code", 4001, "reason", "token expired", "afterEvents", 0));
        connect();

        List<JsonNode> upgrades = upgrades();
        assertThat(upgrades).hasSizeGreaterThanOrEqualTo(2);
        assertThat(upgrades.get(1).path("token").asText()).isNotEqualTo(upgrades.get(0).path("token").asText());
        assertThat(sim.requests("/oauth/v2/token")).hasSize(2);
    }

    /**
     * The token endpoint answers 429 Retry-After 4 for longer than one token wait (30 s), and one failed attempt
     * would stop the stream: waiting for a token is no failed attempt, and the stream is back within the
     * Retry-After (plus a second) after the window ends.
     */
    @Test
    void shouldReconnectWithinRetryAfterWhenClosedWith4001WhileTheTokenEndpointAnswers429() throws Exception {
        start(Map.of("cxone.agents.max-attempts", "1"));
        connect();
        sim.fault(Map.of("target", "token", "status", 429, "times", -1, "retryAfter", 4));
        fault(Map.of("kind", "close", "code", 4001, "reason", "token expired", "afterEvents", 0));

        await().atMost(Duration.ofSeconds(10)).until(() -> tokenAnswers().contains(429));
        runFor(Duration.ofSeconds(33));
        sim.clearFaults();

        await().atMost(Duration.ofSeconds(5)).until(() -> upgrades().size() >= 2 && stream().path("connected").asBoolean());
        assertThat(stream().path("stopped").asBoolean()).isFalse();
        assertThat(tokenAnswers()).startsWith(200, 429).endsWith(429, 200);
    }

    private List<Integer> tokenAnswers() {
        return sim.requests("/oauth/v2/token").stream().map(r -> r.path("status").asInt()).toList();
    }

    @Test
    void shouldKeepTryingWhenTheServerIsDownAtStart() throws Exception {
        start(Map.of());
        sim.fault(Map.of("target", "agent-stream", "status", 503, "times", 3));
        connect();

        assertThat(upgrades()).extracting(r -> r.path("status").asInt()).startsWith(503, 503, 503).endsWith(101);
        assertStoreEqualsTruth();
    }

    @Test
    void shouldRetryAFailedBaselineWithOneLineAndNoStackTrace() throws Exception {
        try (LogCapture logs = LogCapture.attach()) {
            start(Map.of());
            sim.fault(Map.of("target", "agent-baseline", "status", 503, "times", 2));
            connect();

            assertStoreEqualsTruth();
            assertThat(logs.events()).noneMatch(event -> event.getLevel() == Level.ERROR);
            assertThat(logs.events()).noneMatch(event -> event.getThrowableProxy() != null);
            assertThat(logs.events()).filteredOn(event -> event.getFormattedMessage().contains("HTTP 503 from "))
                    .hasSize(2).allSatisfy(event -> {
                        assertThat(event.getLevel()).isEqualTo(Level.WARN);
                        assertThat(event.getFormattedMessage()).doesNotContain("?").doesNotContain("agentIds");
                    });
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"no-ack, 0", "reject, 400"})
    void shouldRetryWhenTheSubscriptionIsNotAcknowledged(String kind, int firstAnswer) throws Exception {
        start(Map.of());
        fault(Map.of("kind", kind, "count", 1));
        connect();

        // the simulator records each subscribe frame with its answer: none (0), reject (400), ack (200)
        List<Integer> answers = sim.requests("/api/v2/events/stream").stream()
                .filter(r -> r.path("method").asText().equals("WS")).map(r -> r.path("status").asInt()).toList();
        assertThat(answers).startsWith(firstAnswer).contains(200);
        assertThat(upgrades().size()).isGreaterThanOrEqualTo(2);
        assertStoreEqualsTruth();
    }

    @Test
    void shouldAnswerPingsWithPongs() throws Exception {
        start(Map.of());
        post("/_sim/agents/config", Map.of("pingIntervalMs", 100));
        connect();

        await().atMost(Duration.ofSeconds(5)).until(() -> stats().path("pongs").asLong() >= 5);
    }

    @Test
    void shouldSkipDuplicatesAndAuditIllegalTransitions() throws Exception {
        start(Map.of());
        connect();
        runFor(Duration.ofMillis(500));
        long duplicatesBefore = stream().path("duplicates").asLong();
        fault(Map.of("kind", "duplicates", "count", 6));
        fault(Map.of("kind", "illegal", "count", 7));

        assertStoreEqualsTruth();
        assertThat(stream().path("duplicates").asLong() - duplicatesBefore).isEqualTo(stats().path("duplicatesSent").asLong());
        assertThat(stream().path("invalidTransitions").asLong()).isEqualTo(7);
        JsonNode metrics = metrics();
        assertThat(metrics.path("unverifiedTransitions").asLong()).isEqualTo(7);
        double valid = metrics.path("validEvents").asDouble();
        assertThat(metrics.path("accuracyRate").asDouble()).isEqualTo(valid / (valid + 7));
        // the spec's totalProcessed: distinct live events judged; the duplicates are counted apart
        assertThat(stats().path("duplicatesSent").asLong()).isPositive();
        assertThat(metrics.path("duplicates").asLong() - duplicatesBefore).isEqualTo(stats().path("duplicatesSent").asLong());
        assertThat(metrics.path("totalProcessed").asLong()).isEqualTo(metrics.path("validEvents").asLong() + 7);
        assertThat(auditLines()).filteredOn(line -> line.path("outcome").asText().equals("rejected")).hasSize(7)
                .allSatisfy(line -> assertThat(line.path("reason").asText()).startsWith("illegal transition"));
    }

    @ParameterizedTest(name = "max-batch {0}")
    @ValueSource(ints = {100, 1})
    void shouldRefuseAMalformedAndAnIllegalEventAloneAndApplyTheRestOfTheirBatch(int maxBatch) throws Exception {
        start(Map.of("cxone.agents.max-batch", String.valueOf(maxBatch)));
        post("/_sim/agents/config", Map.of("pingIntervalMs", 50));
        connect();
        post("/_sim/agents/config", Map.of("paused", true));
        long caughtUp = Http.get(sim.baseUrl() + "/_sim/agents/truth").json().path("sequence").asLong();
        await().atMost(Duration.ofSeconds(20)).until(() -> stream().path("cursor").asLong() >= caughtUp);
        ManagedRouteMBean route = product.context().getCamelContextExtension().getContextPlugin(ManagedCamelContext.class)
                .getManagedRoute("agent-monitor");
        long exchangesBefore;
        // while the monitor is held, the route waits in it with one event and the next 42 frames queue up behind it
        synchronized (product.bean("agentMonitor", AgentMonitor.class)) {
            post("/_sim/agents/generate", Map.of("count", 1));
            await().atMost(Duration.ofSeconds(5)).until(() -> product.context().getInflightRepository().size("agent-monitor") == 1);
            exchangesBefore = route.getExchangesTotal();
            post("/_sim/agents/generate", Map.of("count", 20));
            fault(Map.of("kind", "malformed", "count", 1));
            fault(Map.of("kind", "illegal", "count", 1));
            post("/_sim/agents/generate", Map.of("count", 20));
            // a ping sent after those frames is answered once the socket has read them all
            long pongs = stats().path("pongs").asLong();
            await().atMost(Duration.ofSeconds(5)).until(() -> stats().path("pongs").asLong() >= pongs + 2);
        }

        assertStoreEqualsTruth();
        assertThat(route.getExchangesTotal() - exchangesBefore).as("exchanges").isEqualTo(maxBatch == 1 ? 43 : 2);
        List<JsonNode> lines = auditLines();
        List<JsonNode> batch = lines.subList(lines.size() - 42, lines.size());
        assertThat(batch).filteredOn(line -> line.path("outcome").asText().equals("malformed")).singleElement()
                .satisfies(line -> assertThat(line.path("reason").asText()).isEqualTo("frame is not JSON"));
        assertThat(batch).filteredOn(line -> line.path("outcome").asText().equals("rejected")).singleElement()
                .satisfies(line -> assertThat(line.path("reason").asText()).startsWith("illegal transition"));
        assertThat(batch).filteredOn(line -> line.path("outcome").asText().equals("verified")).hasSize(40);
        assertThat(stream().path("malformed").asLong()).isEqualTo(1);
        assertThat(stream().path("invalidTransitions").asLong()).isEqualTo(1);
        assertThat(metrics().path("unverifiedTransitions").asLong()).isEqualTo(1);
    }

    @Test
    void shouldDeliverFramesInOrderUnderLoad() throws Exception {
        start(Map.of());
        connect();
        post("/_sim/agents/config", Map.of("paused", true));
        post("/_sim/agents/generate", Map.of("count", 5000));

        assertStoreEqualsTruth();
        List<Long> sequences = auditLines().stream().filter(line -> !line.path("outcome").asText().equals("duplicate"))
                .map(line -> line.path("sequence").asLong()).toList();
        assertThat(sequences).hasSizeGreaterThanOrEqualTo(5000).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void shouldRaiseTheLatencyAlertOncePerCrossing() throws Exception {
        try (LogCapture logs = LogCapture.attach()) {
            start(Map.of("cxone.agents.max-latency-ms", "40"));
            connect();
            post("/_sim/agents/config", Map.of("paused", true));
            post("/_sim/agents/generate", Map.of("count", 20_000));

            await().atMost(Duration.ofSeconds(10)).until(() -> Http.get(product.url("/api/agents/metrics")).json()
                    .path("degraded").asBoolean());
            assertThat(Http.get(product.url("/observe/health?exposureLevel=full")).body()).contains("degraded");
            assertStoreEqualsTruth();
            long warnings = logs.events().stream().filter(e -> e.getFormattedMessage().startsWith("agent-monitor degraded: latency"))
                    .count();
            assertThat(warnings).isBetween(1L, 5L);
            assertThat(Http.get(product.url("/api/agents/metrics")).json().path("latencyMs").path("max").asLong())
                    .isGreaterThan(40);
        }
    }

    @Test
    void shouldRedeliverWebhookCallsThenDeadLetterThem() throws Exception {
        int simulatorPort = FreePorts.next();
        start(Map.of("cxone.simulator.port", String.valueOf(simulatorPort),
                "cxone.agents.dashboard-webhook-url", "http://127.0.0.1:" + simulatorPort + "/_sim/webhooks/dashboard",
                "cxone.dead-letter.maximum-redeliveries", "2",
                "cxone.dead-letter.redelivery-delay", "10",
                "cxone.dead-letter.maximum-redelivery-delay", "50"));
        sim.fault(Map.of("target", "webhook-dashboard", "status", 503, "times", -1));
        connect();
        await().atMost(Duration.ofSeconds(10)).until(() ->
                Http.get(product.url("/api/dead-letters?flow=agent-monitor")).json().path("count").asInt() >= 3);
        post("/_sim/agents/config", Map.of("paused", true));

        JsonNode letter = Http.get(product.url("/api/dead-letters?flow=agent-monitor")).json().path("deadLetters").get(0);
        assertThat(letter.path("httpStatus").asInt()).isEqualTo(503);
        assertThat(letter.path("attempts").asInt()).isEqualTo(3);
        assertThat(letter.path("body").asText()).contains("\"agentId\"");

        sim.clearFaults();
        long id = letter.path("id").asLong();
        assertThat(Http.post(product.url("/api/dead-letters/" + id + "/replay"), "").status()).isEqualTo(200);
        JsonNode received = Http.get(sim.baseUrl() + "/_sim/webhooks/dashboard").json().path("received");
        assertThat(received.toString()).contains(Http.JSON.readTree(letter.path("body").asText()).path("agentId").asText());
    }

    @Test
    void shouldVerifyEveryTransitionOfTheReferenceMatrixWithTheDefaultMatrix() throws Exception {
        try (LogCapture logs = LogCapture.attach()) {
            start(Map.of());
            connect();
            post("/_sim/agents/config", Map.of("paused", true));
            // in batches, each taken before the next, so that no event waits long enough to raise the latency alert
            for (int batch = 0; batch < 6; batch++) {
                long sequence = post("/_sim/agents/generate", Map.of("count", 500)).path("sequence").asLong();
                await().atMost(Duration.ofSeconds(20)).until(() -> stream().path("cursor").asLong() >= sequence);
            }
            assertStoreEqualsTruth();

            List<String> referenceEdges = REFERENCE_MATRIX.entrySet().stream()
                    .flatMap(from -> from.getValue().stream().map(to -> from.getKey() + "->" + to)).toList();
            Map<String, Long> verifiedEdges = auditLines().stream()
                    .filter(line -> line.path("outcome").asText().equals("verified"))
                    .collect(Collectors.groupingBy(line -> line.path("from").asText() + "->" + line.path("to").asText(),
                            Collectors.counting()));
            assertThat(referenceEdges).hasSize(8);
            assertThat(verifiedEdges).containsOnlyKeys(referenceEdges)
                    .allSatisfy((edge, count) -> assertThat(count).as(edge).isGreaterThanOrEqualTo(50));
            JsonNode metrics = metrics();
            assertThat(metrics.path("unverifiedTransitions").asLong()).isZero();
            assertThat(metrics.path("totalProcessed").asLong()).isGreaterThanOrEqualTo(3000);
            assertThat(metrics.path("accuracyRate").asDouble()).isGreaterThanOrEqualTo(0.99);
            assertThat(metrics.path("degraded").asBoolean()).isFalse();
            assertThat(metrics.path("alerts")).isEmpty();
            assertThat(Http.get(product.url("/observe/health?exposureLevel=full")).body()).doesNotContain("degraded");
            assertThat(logs.events()).noneMatch(e -> e.getFormattedMessage().startsWith("agent-monitor degraded"));
        }
    }
}
