package com.cxoneflows.contact;

import com.cxoneflows.testing.ContactTruth;
import com.cxoneflows.testing.Http;
import com.cxoneflows.testing.RunningProduct;
import com.cxoneflows.testing.SimulatorClient;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.api.management.ManagedCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The contact-state flow against the simulator's SSE stream, one fault at a time and all mixed: every run
 * ends with the contact store equal to the simulator's truth and the duplicate, invalid and malformed counts exact.
 */
class ContactStateFlowTest {

    private RunningProduct product;
    private SimulatorClient sim;

    /** Starts the product with the flow stopped, so that faults posted next hit its first connection. */
    private void start(Map<String, String> overrides, Map<String, Object> simulatorConfig) {
        Map<String, String> properties = new HashMap<>(Map.of(
                "cxone.contacts.enabled", "false",
                "cxone.agents.enabled", "false",
                "cxone.contacts.retry-delay", "50",
                "cxone.contacts.max-retry-delay", "400",
                "cxone.contacts.commit-interval", "50ms"));
        properties.putAll(overrides);
        product = RunningProduct.start(properties);
        sim = product.simulator();
        Map<String, Object> config = new HashMap<>(Map.of("eventsPerSecond", 300, "retryMs", 50, "keepAliveMs", 500));
        config.putAll(simulatorConfig);
        post("/_sim/contacts/config", config);
    }

    private void connect() throws Exception {
        product.context().getRouteController().startRoute("contact-state");
        await().atMost(Duration.ofSeconds(10)).until(() -> stream().path("connected").asBoolean());
    }

    @AfterEach
    void stop() {
        if (product != null) {
            product.close();
        }
    }

    private void post(String path, Map<String, Object> body) {
        Http.Response response = Http.post(sim.baseUrl() + path, Http.json(body));
        assertThat(response.status()).as(path + " " + response.body()).isEqualTo(200);
    }

    private void fault(Map<String, Object> fault) {
        post("/_sim/contacts/faults", fault);
    }

    private JsonNode stream() {
        for (JsonNode stream : Http.get(product.url("/api/streams")).json().path("streams")) {
            if (stream.path("name").asText().equals("contact-state")) {
                return stream;
            }
        }
        return Http.JSON.createObjectNode();
    }

    private void runFor(Duration duration) {
        long until = System.nanoTime() + duration.toNanos();
        await().atMost(duration.plusSeconds(5)).until(() -> System.nanoTime() >= until);
    }

    /** Stops the world, waits until the flow has taken every event and committed, then compares. */
    private void assertStoreEqualsTruth() {
        post("/_sim/contacts/config", Map.of("paused", true));
        String head = ContactTruth.stats(sim).path("logHead").asText();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(stream().path("cursor").asText()).isEqualTo(head));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(ContactTruth.differences(ContactTruth.simulator(sim), ContactTruth.product(product.url(""))))
                        .as("stream %s, rejected %s", stream(), Http.get(product.url("/api/rejected-events?flow=contact-state")).body())
                        .isEmpty());
        assertThat(ContactTruth.product(product.url(""))).hasSameSizeAs(ContactTruth.simulator(sim));
    }

    private void assertCounts(long duplicates, long invalid, long malformed) {
        JsonNode stream = stream();
        assertThat(stream.path("duplicates").asLong()).as("duplicates").isEqualTo(duplicates);
        assertThat(stream.path("invalidTransitions").asLong()).as("invalid transitions").isEqualTo(invalid);
        assertThat(stream.path("malformed").asLong()).as("malformed").isEqualTo(malformed);
    }

    private List<JsonNode> streamConnections() {
        return sim.requests("/api/v2/realtime/contacts/stream").stream().filter(r -> r.path("status").asInt() == 200).toList();
    }

    @Test
    void shouldMatchTruthWhenStreamIsClean() throws Exception {
        start(Map.of(), Map.of());
        connect();
        runFor(Duration.ofSeconds(2));

        assertStoreEqualsTruth();
        assertCounts(0, 0, 0);
        assertThat(stream().path("reconnects").asLong()).isZero();
        assertThat(ContactTruth.product(product.url(""))).hasSizeGreaterThan(50);
    }

    @Test
    void shouldResumeWithoutLossWhenConnectionDrops() throws Exception {
        start(Map.of(), Map.of());
        fault(Map.of("kind", "drop", "afterEvents", 40));
        fault(Map.of("kind", "drop", "afterEvents", 25));
        connect();
        runFor(Duration.ofSeconds(2));

        assertStoreEqualsTruth();
        assertCounts(0, 0, 0);
        assertThat(stream().path("reconnects").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(streamConnections().get(1).path("detail").path("lastEventId").asText()).isNotEmpty();
        // contract §2: state=<csv>, the commas as commas
        assertThat(streamConnections()).allSatisfy(connection ->
                assertThat(connection.path("query").asText()).isEqualTo("state=abandoned,completed,connected,queued,ringing"));
    }

    @Test
    void shouldRenewTokenAndResumeWhenTokenExpiresMidStream() throws Exception {
        start(Map.of(), Map.of());
        fault(Map.of("kind", "token-expiry", "afterEvents", 30));
        connect();
        runFor(Duration.ofSeconds(2));

        assertStoreEqualsTruth();
        assertCounts(0, 0, 0);
        List<JsonNode> connections = streamConnections();
        assertThat(connections.size()).isGreaterThanOrEqualTo(2);
        assertThat(connections.get(1).path("token").asText()).isNotEqualTo(connections.get(0).path("token").asText());
    }

    @Test
    void shouldRotateTokenBeforeExpiryWithoutLosingOrRepeatingEvents() throws Exception {
        start(Map.of("cxone.simulator.token-lifetime", "4s"), Map.of());
        connect();
        runFor(Duration.ofSeconds(5));

        assertStoreEqualsTruth();
        assertCounts(0, 0, 0);
        assertThat(streamConnections().size()).isGreaterThanOrEqualTo(3);
        assertThat(sim.requests("/api/v2/realtime/contacts/stream")).noneMatch(r -> r.path("status").asInt() == 401);
    }

    @ParameterizedTest(name = "HTTP {0} with Retry-After {1}")
    @CsvSource({"429, seconds", "429, date", "503, seconds"})
    void shouldWaitForRetryAfterWhenRefused(int status, String form) throws Exception {
        start(Map.of(), Map.of());
        fault(Map.of("kind", "drop", "afterEvents", 10));
        sim.fault(Map.of("target", "contacts-stream", "status", status, "times", 1, "retryAfter", 2, "retryAfterForm", form));
        product.context().getRouteController().startRoute("contact-state");
        runFor(Duration.ofSeconds(4));

        assertStoreEqualsTruth();
        List<JsonNode> attempts = sim.requests("/api/v2/realtime/contacts/stream");
        JsonNode refused = attempts.stream().filter(r -> r.path("status").asInt() == status).findFirst().orElseThrow();
        JsonNode next = attempts.get(attempts.indexOf(refused) + 1);
        long wait = next.path("atMillis").asLong() - refused.path("atMillis").asLong();
        assertThat(wait).isGreaterThanOrEqualTo(form.equals("date") ? 1000 : 2000);
    }

    @Test
    void shouldStopOn204AndResumeWhenRestarted() throws Exception {
        start(Map.of(), Map.of());
        sim.fault(Map.of("target", "contacts-stream", "status", 204, "times", 1));
        product.context().getRouteController().startRoute("contact-state");

        await().atMost(Duration.ofSeconds(10)).until(() -> stream().path("stopped").asBoolean());
        assertThat(Http.get(product.url("/observe/health/ready")).status()).isEqualTo(503);
        int attempts = sim.requests("/api/v2/realtime/contacts/stream").size();
        runFor(Duration.ofMillis(500));
        assertThat(sim.requests("/api/v2/realtime/contacts/stream")).hasSize(attempts);

        assertThat(Http.post(product.url("/api/streams/contact-state/restart"), "").status()).isEqualTo(200);
        assertThat(Http.post(product.url("/api/streams/contact-state/restart"), "").status()).isEqualTo(409);
        await().atMost(Duration.ofSeconds(10)).until(() -> stream().path("connected").asBoolean());
        assertStoreEqualsTruth();
    }

    @Test
    void shouldTakeSnapshotWhenCursorIsRefused() throws Exception {
        start(Map.of(), Map.of("paused", true));
        fault(Map.of("kind", "drop", "afterEvents", 50));
        connect();
        // the reconnect after the drop is refused: the flow takes the snapshot again and resumes from it (the world
        // stays paused until the refusal is set, or the drop could come first and the reconnect go through)
        sim.fault(Map.of("target", "contacts-stream", "status", 400, "times", 1, "body", "{\"error\":\"invalid_last_event_id\"}"));
        post("/_sim/contacts/config", Map.of("paused", false));
        // the drop comes after 50 events: on a loaded machine that can take longer than a fixed wait
        await().atMost(Duration.ofSeconds(20)).until(() -> sim.requests("/api/v2/realtime/contacts").stream()
                .filter(r -> r.path("path").asText().equals("/api/v2/realtime/contacts")).count() >= 2);

        assertStoreEqualsTruth();
        assertThat(sim.requests("/api/v2/realtime/contacts").stream()
                .filter(r -> r.path("path").asText().equals("/api/v2/realtime/contacts"))).hasSize(2);
    }

    @Test
    void shouldWaitForRetryAfterWhenTheSnapshotIsRefused() throws Exception {
        start(Map.of(), Map.of("paused", true));
        fault(Map.of("kind", "drop", "afterEvents", 50));
        sim.fault(Map.of("target", "contacts-snapshot", "status", 503, "times", 1, "retryAfter", 2));
        connect();
        sim.fault(Map.of("target", "contacts-stream", "status", 400, "times", 1, "body", "{\"error\":\"invalid_last_event_id\"}"));
        post("/_sim/contacts/config", Map.of("paused", false));

        // the first snapshot (no cursor yet) is refused, then the one after the cursor is refused is taken
        await().atMost(Duration.ofSeconds(20)).until(() -> snapshots().size() >= 3);
        assertStoreEqualsTruth();
        List<JsonNode> snapshots = snapshots();
        assertThat(snapshots).extracting(r -> r.path("status").asInt()).startsWith(503, 200);
        // contract §2: a Retry-After on a 503 sets the next attempt; the flow's own backoff is at most 400 ms here
        assertThat(snapshots.get(1).path("atMillis").asLong() - snapshots.get(0).path("atMillis").asLong())
                .isGreaterThanOrEqualTo(1_900);
    }

    private List<JsonNode> snapshots() {
        return sim.requests("/api/v2/realtime/contacts").stream()
                .filter(r -> r.path("path").asText().equals("/api/v2/realtime/contacts")).toList();
    }

    @Test
    void shouldTakeSnapshotWhenCursorFellOutOfRetention() throws Exception {
        start(Map.of(), Map.of("retention", 50));
        connect();
        runFor(Duration.ofSeconds(1));
        product.context().getRouteController().stopRoute("contact-state");
        runFor(Duration.ofSeconds(1));
        product.context().getRouteController().startRoute("contact-state");
        runFor(Duration.ofSeconds(1));

        assertStoreEqualsTruth();
        assertThat(sim.requests("/api/v2/realtime/contacts/stream"))
                .anyMatch(r -> r.path("status").asInt() == 400);
    }

    @Test
    void shouldStayConnectedWhenStreamIsQuietWithKeepAlives() throws Exception {
        start(Map.of("cxone.contacts.idle-timeout", "1500"), Map.of("keepAliveMs", 300));
        connect();
        fault(Map.of("kind", "quiet", "durationMs", 5000));
        runFor(Duration.ofSeconds(5));

        assertThat(stream().path("reconnects").asLong()).isZero();
        assertThat(streamConnections()).hasSize(1);
        assertStoreEqualsTruth();
    }

    @Test
    void shouldStayConnectedWhenStreamIsQuietWithoutIdleTimeout() throws Exception {
        start(Map.of(), Map.of("keepAliveMs", 60_000));
        connect();
        fault(Map.of("kind", "quiet", "durationMs", 4000));
        runFor(Duration.ofSeconds(4));

        assertThat(stream().path("reconnects").asLong()).isZero();
        assertThat(streamConnections()).hasSize(1);
    }

    @Test
    void shouldReconnectWhenNothingArrivesWithinIdleTimeout() throws Exception {
        start(Map.of("cxone.contacts.idle-timeout", "800"), Map.of("keepAliveMs", 60_000));
        connect();
        fault(Map.of("kind", "quiet", "durationMs", 3000));

        await().atMost(Duration.ofSeconds(5)).until(() -> stream().path("reconnects").asLong() >= 1);
        assertStoreEqualsTruth();
    }

    @Test
    void shouldCountDuplicatesExactlyWhenServerReplaysEvents() throws Exception {
        start(Map.of(), Map.of());
        fault(Map.of("kind", "duplicates", "count", 7));
        connect();
        runFor(Duration.ofSeconds(2));

        assertStoreEqualsTruth();
        assertCounts(ContactTruth.stats(sim).path("duplicatesSent").asLong(), 0, 0);
        assertThat(stream().path("duplicates").asLong()).isEqualTo(7);
    }

    @Test
    void shouldRecordMalformedAndIllegalEventsAndGoOn() throws Exception {
        start(Map.of(), Map.of());
        connect();
        fault(Map.of("kind", "malformed", "count", 6));
        fault(Map.of("kind", "illegal", "count", 9));
        runFor(Duration.ofSeconds(2));

        assertStoreEqualsTruth();
        assertCounts(0, 9, 6);
        JsonNode rejected = Http.get(product.url("/api/rejected-events?flow=contact-state&limit=100")).json();
        assertThat(rejected.path("count").asInt()).isEqualTo(15);
        assertThat(rejected.path("rejectedEvents").findValuesAsText("reason"))
                .anyMatch(reason -> reason.startsWith("illegal transition"))
                .anyMatch(reason -> reason.equals("data is not JSON"));
        JsonNode illegal = rejected.path("rejectedEvents").findParents("reason").stream()
                .filter(r -> r.path("reason").asText().startsWith("illegal")).findFirst().orElseThrow();
        assertThat(illegal.path("subjectId").asText()).isNotEmpty();
        assertThat(illegal.path("from").asText()).isNotEmpty();
        assertThat(illegal.path("to").asText()).isNotEmpty();
        assertThat(illegal.path("eventId").asText()).isNotEmpty();
    }

    @Test
    void shouldApplyEveryOtherEventOfABatchWhenOneIsMalformedAndOneIllegal() throws Exception {
        start(Map.of(), Map.of("paused", true));
        connect();
        post("/_sim/contacts/generate", Map.of("count", 200));
        assertStoreEqualsTruth();
        // a backlog the flow reads at once when it comes back: the bad events sit inside batches of good ones
        product.context().getRouteController().stopRoute("contact-state");
        long exchangesBefore = exchanges();
        long eventsBefore = stream().path("events").asLong();
        post("/_sim/contacts/generate", Map.of("count", 400));
        fault(Map.of("kind", "malformed", "count", 1));
        fault(Map.of("kind", "illegal", "count", 1));
        post("/_sim/contacts/generate", Map.of("count", 400));
        connect();

        assertStoreEqualsTruth();
        assertCounts(0, 1, 1);
        long events = stream().path("events").asLong() - eventsBefore;
        assertThat(events).isEqualTo(802);
        assertThat(exchanges() - exchangesBefore).as("exchanges for %d events", events).isLessThan(events / 2);
        JsonNode rejected = Http.get(product.url("/api/rejected-events?flow=contact-state&limit=100")).json();
        assertThat(rejected.path("count").asInt()).isEqualTo(2);
        assertThat(rejected.path("rejectedEvents").findValuesAsText("reason"))
                .anyMatch(reason -> reason.startsWith("illegal transition"))
                .anyMatch(reason -> reason.equals("data is not JSON"));
    }

    @Test
    void shouldRefuseAnEventWithAnEmptyIdAsMalformedNotAsDuplicate() throws Exception {
        start(Map.of(), Map.of("paused", true));
        connect();
        post("/_sim/contacts/generate", Map.of("count", 20));
        assertStoreEqualsTruth();
        product.context().getRouteController().stopRoute("contact-state");
        // an "id" field with no value empties the last event id (WHATWG): the event has no place after the cursor
        String event = "id\nevent: contact.state.change\ndata: {\"contact\":{\"id\":\"c-empty-id\"},\"state\":\"queued\"}\n\n";
        fault(Map.of("kind", "raw", "chunks", List.of(Base64.getEncoder().encodeToString(event.getBytes(StandardCharsets.UTF_8)))));
        connect();
        await().atMost(Duration.ofSeconds(10)).until(() -> stream().path("malformed").asLong() + stream().path("duplicates").asLong() > 0);
        // the raw connection stays open on keep-alives; the next one resumes from the durable cursor
        product.context().getRouteController().stopRoute("contact-state");
        connect();
        post("/_sim/contacts/generate", Map.of("count", 20));

        assertStoreEqualsTruth();
        assertCounts(0, 0, 1);
        JsonNode rejected = Http.get(product.url("/api/rejected-events?flow=contact-state")).json();
        assertThat(rejected.path("rejectedEvents").findValuesAsText("reason")).containsExactly("no event id");
    }

    /** Exchanges the contact-state route has completed, from its JMX statistics. */
    private long exchanges() throws Exception {
        return product.context().getCamelContextExtension().getContextPlugin(ManagedCamelContext.class)
                .getManagedRoute("contact-state").getExchangesCompleted();
    }

    @ParameterizedTest(name = "{0} line ends, multi-line data {1}")
    @CsvSource({"lf, false", "cr, false", "crlf, false", "lf, true", "cr, true", "crlf, true"})
    void shouldApplyEveryEventWhateverTheFraming(String lineEnding, boolean multiline) throws Exception {
        start(Map.of(), Map.of());
        fault(Map.of("kind", "framing", "lineEnding", lineEnding, "multiline", multiline, "connections", 2));
        fault(Map.of("kind", "drop", "afterEvents", 40));
        connect();
        runFor(Duration.ofSeconds(2));

        assertStoreEqualsTruth();
        assertCounts(0, 0, 0);
        assertThat(streamConnections()).hasSizeGreaterThanOrEqualTo(2).allSatisfy(connection -> assertThat(
                connection.path("detail").path("lineEnding").asText()).isEqualTo(lineEnding));
    }

    @Test
    void shouldMatchTruthWhenEveryFaultIsMixed() throws Exception {
        start(Map.of("cxone.simulator.token-lifetime", "8s", "cxone.contacts.idle-timeout", "1500"), Map.of("keepAliveMs", 300));
        // each connection takes the head of every fault queue; the refusals hit the attempts in order
        fault(Map.of("kind", "framing", "lineEnding", "cr", "multiline", true, "connections", 1));
        fault(Map.of("kind", "framing", "lineEnding", "crlf", "multiline", false, "connections", 1));
        fault(Map.of("kind", "drop", "afterEvents", 300));
        fault(Map.of("kind", "drop", "afterEvents", 10_000));
        fault(Map.of("kind", "drop", "afterEvents", 40));
        fault(Map.of("kind", "token-expiry", "afterEvents", 10_000));
        fault(Map.of("kind", "token-expiry", "afterEvents", 30));
        fault(Map.of("kind", "duplicates", "count", 3));
        fault(Map.of("kind", "duplicates", "count", 2));
        sim.fault(Map.of("target", "contacts-stream", "status", 503, "times", 1, "retryAfter", 1));
        sim.fault(Map.of("target", "contacts-stream", "status", 429, "times", 1, "retryAfter", 1, "retryAfterForm", "date"));
        sim.fault(Map.of("target", "contacts-stream", "status", 400, "times", 1, "body", "{\"error\":\"invalid_last_event_id\"}"));
        connect();
        fault(Map.of("kind", "malformed", "count", 4));
        fault(Map.of("kind", "illegal", "count", 5));

        await().atMost(Duration.ofSeconds(20)).until(() -> stream().path("reconnects").asLong() >= 3
                && stream().path("connected").asBoolean());
        long reconnects = stream().path("reconnects").asLong();
        fault(Map.of("kind", "quiet", "durationMs", 2500));
        runFor(Duration.ofSeconds(3));
        assertThat(stream().path("reconnects").asLong()).as("no reconnect while quiet").isEqualTo(reconnects);

        assertStoreEqualsTruth();
        assertCounts(ContactTruth.stats(sim).path("duplicatesSent").asLong(), 5, 4);
        assertThat(ContactTruth.stats(sim).path("duplicatesSent").asLong()).isEqualTo(5);
        List<JsonNode> attempts = sim.requests("/api/v2/realtime/contacts/stream");
        assertThat(attempts).extracting(r -> r.path("status").asInt()).containsSubsequence(503, 429, 400, 200);
    }
}
