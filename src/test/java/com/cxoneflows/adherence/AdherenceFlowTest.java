package com.cxoneflows.adherence;

import ch.qos.logback.classic.Level;
import com.cxoneflows.simulator.CxoneSimulator;
import com.cxoneflows.simulator.SimulatorSettings;
import com.cxoneflows.testing.AdherenceTruth;
import com.cxoneflows.testing.FreePorts;
import com.cxoneflows.testing.Http;
import com.cxoneflows.testing.LogCapture;
import com.cxoneflows.testing.RunningProduct;
import com.cxoneflows.testing.SimulatorClient;
import com.cxoneflows.testing.Streams;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The adherence flow against the simulator's notifications socket and WFM baseline: one baseline per gap and per
 * stale sequenceId, duplicates skipped, reconnects after 1006, 1011 and 4001 resumed from the last applied
 * sequenceId without a baseline, a subscribe left unanswered retried; each ends with {@code /api/adherence} equal to
 * the simulator's truth. Agents out of adherence too long are reported once per spell, with redelivery and dead letters.
 */
class AdherenceFlowTest {

    private static final String STREAM = "/notifications/v1/stream";

    private RunningProduct product;
    private SimulatorClient sim;

    /** Starts the product with the flow stopped, so that faults posted next meet its first connection. */
    private void start() {
        start(Map.of());
    }

    private void start(Map<String, String> overrides) {
        Map<String, String> properties = new HashMap<>(Map.of(
                "cxone.contacts.enabled", "false",
                "cxone.agents.enabled", "false",
                "cxone.guest.enabled", "false",
                "cxone.simulator.guest-traffic", "false",
                "cxone.adherence.enabled", "false",
                "cxone.adherence.retry-delay", "50",
                "cxone.adherence.max-retry-delay", "300",
                "cxone.adherence.ack-timeout", "500",
                "cxone.adherence.commit-interval", "50ms"));
        properties.putAll(overrides);
        product = RunningProduct.start(properties);
        if (sim == null) {
            sim = product.simulator();
        }
        sim.adherence("config", Map.of("eventsPerSecond", 100));
    }

    private void connect() throws Exception {
        product.context().getRouteController().startRoute("adherence");
        await().atMost(Duration.ofSeconds(15)).until(() -> stream().path("connected").asBoolean());
    }

    @AfterEach
    void stop() {
        if (product != null) {
            product.close();
        }
    }

    private JsonNode stream() {
        return Streams.stream(product.url(""), "adherence");
    }

    private long baselinesServed() {
        return sim.adherence("stats").path("baselinesServed").asLong();
    }

    /** A {@code cxone_adherence_*} meter of the product, as Prometheus shows it. */
    private double meter(String name) {
        return Http.get(product.url("/observe/metrics")).body().lines().filter(line -> line.startsWith(name + " ")
                || line.startsWith(name + "{")).mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElseThrow(() -> new AssertionError("no meter " + name));
    }

    /** The answers to the subscribe frames, in order: 200 ack, 400 reject, 0 none. */
    private List<Integer> subscribeAnswers() {
        return sim.requests(STREAM).stream().filter(r -> r.path("method").asText().equals("WS"))
                .map(r -> r.path("status").asInt()).toList();
    }

    /** Stops the world, waits until the flow applied its last event, then compares every agent and the sequenceId. */
    private void assertAdherenceEqualsTruth() {
        sim.adherence("config", Map.of("paused", true));
        Map<String, String> truth = AdherenceTruth.simulator(sim);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(AdherenceTruth.product(product.url(""))).isEqualTo(truth));
        // the last applied sequenceId, a number as in the stream's frames (product spec, GET /api/streams)
        assertThat(stream().path("cursor").isIntegralNumber()).as("cursor is a number: %s", stream()).isTrue();
        assertThat(stream().path("cursor").asText()).isEqualTo(truth.get("sequenceId"));
    }

    private void awaitReconnected(long before) {
        await().atMost(Duration.ofSeconds(10)).until(() -> stream().path("reconnects").asLong() > before
                && stream().path("connected").asBoolean());
    }

    @Test
    void shouldTakeOneBaselineAndSubscribeAgainWhenEventsAreMissing() throws Exception {
        start();
        connect();
        assertThat(baselinesServed()).isEqualTo(1);
        long reconnects = stream().path("reconnects").asLong();
        sim.adherence("faults", Map.of("kind", "gap", "count", 3));

        awaitReconnected(reconnects);
        assertAdherenceEqualsTruth();
        assertThat(baselinesServed()).isEqualTo(2);
        assertThat(meter("cxone_adherence_gaps_total")).isEqualTo(1);
        assertThat(meter("cxone_adherence_baselines_total")).isEqualTo(2);
        assertThat(sim.adherence("stats").path("withheld").asLong()).isEqualTo(3);
    }

    @Test
    void shouldRetryAFailedBaselineAfterAGapWithOneLineAndNoStackTrace() throws Exception {
        try (LogCapture logs = LogCapture.attach()) {
            start();
            connect();
            long reconnects = stream().path("reconnects").asLong();
            sim.fault(Map.of("target", "adherence-baseline", "status", 503, "times", 2));
            sim.adherence("faults", Map.of("kind", "gap", "count", 3));

            awaitReconnected(reconnects);
            assertAdherenceEqualsTruth();
            assertThat(logs.events()).noneMatch(event -> event.getLevel() == Level.ERROR);
            assertThat(logs.events()).noneMatch(event -> event.getThrowableProxy() != null);
            assertThat(logs.events()).filteredOn(event -> event.getFormattedMessage().contains("HTTP 503 from "))
                    .hasSize(2).allSatisfy(event -> assertThat(event.getLevel()).isEqualTo(Level.WARN));
        }
    }

    @Test
    void shouldKeepOnlyTheListedAgentsAndStillSeeAGap() throws Exception {
        try (CxoneSimulator own = CxoneSimulator.start(SimulatorSettings.defaults(0))) {
            List<String> followed = own.agentIds().subList(0, 20);
            sim = new SimulatorClient(own.baseUrl());
            start(Map.of("cxone.simulator.enabled", "false",
                    "cxone.api-base-url", own.baseUrl(),
                    "cxone.auth.client-id", SimulatorSettings.DEMO_CLIENT_ID,
                    "cxone.auth.client-secret", SimulatorSettings.DEMO_CLIENT_SECRET,
                    "cxone.adherence.agent-ids", String.join(",", followed)));
            connect();
            long reconnects = stream().path("reconnects").asLong();
            sim.adherence("faults", Map.of("kind", "gap", "count", 3));

            awaitReconnected(reconnects);
            sim.adherence("config", Map.of("paused", true));
            Map<String, String> truth = new TreeMap<>(AdherenceTruth.simulator(sim));
            Set<String> kept = new HashSet<>(followed);
            kept.add("sequenceId");
            truth.keySet().retainAll(kept);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(AdherenceTruth.product(product.url(""))).isEqualTo(truth));
            assertThat(truth).hasSize(21);
            assertThat(baselinesServed()).isEqualTo(2);
            assertThat(meter("cxone_adherence_gaps_total")).isEqualTo(1);
        }
    }

    @Test
    void shouldTakeOneBaselineWhenTheServerNoLongerRetainsTheSequenceId() throws Exception {
        start();
        connect();
        product.context().getRouteController().stopRoute("adherence");
        sim.adherence("config", Map.of("retention", 20));
        sim.adherence("generate", Map.of("count", 100));
        connect();

        assertAdherenceEqualsTruth();
        assertThat(subscribeAnswers()).containsExactly(200, 400, 200);
        assertThat(baselinesServed()).isEqualTo(2);
        assertThat(sim.adherence("stats").path("staleRejections").asLong()).isEqualTo(1);
        assertThat(meter("cxone_adherence_stale_rejections_total")).isEqualTo(1);
        assertThat(meter("cxone_adherence_baselines_total")).isEqualTo(2);
    }

    @Test
    void shouldSkipDuplicatesAndServeAdherenceBySupervisorsFilter() throws Exception {
        start();
        connect();
        await().atMost(Duration.ofSeconds(10)).until(() -> stream().path("events").asLong() >= 20);
        sim.adherence("faults", Map.of("kind", "duplicates", "count", 5));

        assertAdherenceEqualsTruth();
        long duplicatesSent = sim.adherence("stats").path("duplicatesSent").asLong();
        assertThat(duplicatesSent).isEqualTo(5);
        assertThat(stream().path("duplicates").asLong()).isEqualTo(duplicatesSent);
        assertThat(meter("cxone_adherence_duplicates_total")).isEqualTo(duplicatesSent);
        assertThat(baselinesServed()).isEqualTo(1);
        assertThat(meter("cxone_adherence_gaps_total")).isZero();

        JsonNode out = Http.get(product.url("/api/adherence?inAdherence=false")).json();
        long outInTruth = sim.adherence("truth").path("agents").findValues("inAdherence").stream()
                .filter(value -> !value.asBoolean()).count();
        assertThat(out.path("agents")).hasSize((int) outInTruth).allSatisfy(agent -> {
            assertThat(agent.path("inAdherence").asBoolean()).isFalse();
            assertThat(agent.path("outOfAdherenceSince").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        });
        assertThat(Http.get(product.url("/api/adherence?inAdherence=true")).json().path("agents"))
                .hasSize(200 - (int) outInTruth).allSatisfy(agent -> assertThat(agent.path("outOfAdherenceSince").isNull()).isTrue());
        assertThat(meter("cxone_adherence_agents_out_of_adherence")).isEqualTo(outInTruth);
        Http.Response bad = Http.get(product.url("/api/adherence?inAdherence=maybe"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("error").asText()).contains("inAdherence");
    }

    @Test
    void shouldResumeFromTheLastAppliedSequenceIdAfter1006And1011And4001() throws Exception {
        start();
        connect();
        long firstBaseline = sim.requests("/api/v2/wfm/schedules").get(0).path("detail").path("sequenceId").asLong();
        for (int code : new int[] {1006, 1011}) {
            long before = stream().path("reconnects").asLong();
            sim.adherence("faults", Map.of("kind", "close", "code", code, "reason", code == 1011 ? "internal error" : "",
                    "afterEvents", 15));
            awaitReconnected(before);
        }
        long before = stream().path("reconnects").asLong();
        sim.revokeTokens();
        awaitReconnected(before);

        assertAdherenceEqualsTruth();
        assertThat(stream().path("reconnects").asLong()).isEqualTo(3);
        assertThat(baselinesServed()).isEqualTo(1);
        assertThat(sim.requests("/oauth/v2/token")).hasSize(2);
        // every event after the baseline applied exactly once
        long head = sim.adherence("truth").path("sequenceId").asLong();
        assertThat(meter("cxone_adherence_events_total")).isEqualTo(head - firstBaseline);
        assertThat(stream().path("duplicates").asLong()).isZero();
    }

    @Test
    void shouldReconnectWhenTheSubscribeIsNotAcknowledged() throws Exception {
        start();
        sim.adherence("faults", Map.of("kind", "no-ack", "count", 1));
        connect();

        assertAdherenceEqualsTruth();
        assertThat(subscribeAnswers()).containsExactly(0, 200);
        assertThat(baselinesServed()).isEqualTo(1);
    }

    @Test
    void shouldReportAgentsOutOfAdherenceTooLongOncePerSpellAndDeadLetterRefusedReports() throws Exception {
        int simulatorPort = FreePorts.next();
        start(Map.of("cxone.simulator.port", String.valueOf(simulatorPort),
                "cxone.adherence.alert-after", "1s",
                "cxone.adherence.alert-check-interval", "100",
                "cxone.adherence.alert-webhook-url", "http://127.0.0.1:" + simulatorPort + "/_sim/webhooks/adherence",
                "cxone.dead-letter.maximum-redeliveries", "2",
                "cxone.dead-letter.redelivery-delay", "10",
                "cxone.dead-letter.maximum-redelivery-delay", "50"));
        sim.fault(Map.of("target", "webhook-adherence", "status", 503, "times", 3));
        connect();
        product.context().getRouteController().startRoute("adherence-alerts");

        await().atMost(Duration.ofSeconds(15)).until(() -> received().size() >= 5);
        JsonNode letter = Http.get(product.url("/api/dead-letters?flow=adherence")).json().path("deadLetters").get(0);
        assertThat(letter.path("httpStatus").asInt()).isEqualTo(503);
        assertThat(letter.path("attempts").asInt()).isEqualTo(3);
        assertThat(letter.path("body").asText()).contains("\"outOfAdherenceSince\"");
        List<JsonNode> alerts = received();
        assertThat(alerts).allSatisfy(alert -> assertThat(alert.path("outOfAdherenceSince").asText()).endsWith("Z"));
        assertThat(alerts.stream().map(alert -> alert.path("agentId").asText() + "@" + alert.path("outOfAdherenceSince").asText()))
                .as("one report per spell out of adherence").doesNotHaveDuplicates();
        assertAdherenceEqualsTruth();
    }

    private List<JsonNode> received() throws IOException {
        List<JsonNode> alerts = new ArrayList<>();
        for (JsonNode body : Http.get(sim.baseUrl() + "/_sim/webhooks/adherence").json().path("received")) {
            alerts.add(Http.JSON.readTree(body.asText()));
        }
        return alerts;
    }
}
