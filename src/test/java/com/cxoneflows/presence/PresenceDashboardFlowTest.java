package com.cxoneflows.presence;

import com.cxoneflows.simulator.CxoneSimulator;
import com.cxoneflows.simulator.SimulatorSettings;
import com.cxoneflows.testing.Http;
import com.cxoneflows.testing.Metrics;
import com.cxoneflows.testing.PresenceWorld;
import com.cxoneflows.testing.RunningProduct;
import com.cxoneflows.testing.SimulatorClient;
import com.cxoneflows.testing.Streams;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The presence-dashboard flow against the simulator's presence socket: heartbeats acked in time while the route
 * lags, stale and out-of-filter updates dropped and malformed frames kept with exact counts, deltas merged, the
 * board equal to the simulator's truth after every kind of close and disorder, the subscribe timeout retried, a bad
 * subscribe stopping the stream until restarted.
 */
class PresenceDashboardFlowTest {

    private static final String STREAM = "presence-dashboard";
    private static final String SOCKET = "/v1/streaming/presence";

    private RunningProduct product;
    private CxoneSimulator outside;
    private SimulatorClient sim;
    private PresenceWorld presence;

    /** Starts the product with the flow stopped, so that what a test arms meets its first connection. */
    private void start(Map<String, String> overrides) {
        Map<String, String> properties = new HashMap<>(Map.of(
                "cxone.contacts.enabled", "false",
                "cxone.agents.enabled", "false",
                "cxone.guest.enabled", "false",
                "cxone.simulator.guest-traffic", "false",
                "cxone.presence.enabled", "false",
                "cxone.presence.retry-delay", "50",
                "cxone.presence.max-retry-delay", "300",
                "cxone.presence.subscribe-timeout", "1000"));
        properties.putAll(overrides);
        product = RunningProduct.start(properties);
        sim = outside == null ? product.simulator() : new SimulatorClient(outside.baseUrl());
        presence = new PresenceWorld(sim.baseUrl());
    }

    /** Starts the product on a simulator of the test's own, whose user ids the flow's filter can name. */
    private void startOutside(Map<String, String> overrides) {
        Map<String, String> properties = new HashMap<>(Map.of(
                "cxone.simulator.enabled", "false",
                "cxone.api-base-url", outside.baseUrl(),
                "cxone.ws-base-url", outside.wsBaseUrl(),
                "crm.url", outside.baseUrl() + "/crm/v1/batches",
                "cxone.auth.client-id", SimulatorSettings.DEMO_CLIENT_ID,
                "cxone.auth.client-secret", SimulatorSettings.DEMO_CLIENT_SECRET));
        properties.putAll(overrides);
        start(properties);
    }

    private void connect() throws Exception {
        product.context().getRouteController().startRoute(STREAM);
        await().atMost(Duration.ofSeconds(15)).until(() -> Streams.connected(product.url(""), STREAM));
    }

    @AfterEach
    void stop() {
        if (product != null) {
            product.close();
        }
        if (outside != null) {
            outside.close();
        }
    }

    private JsonNode stream() {
        return Streams.stream(product.url(""), STREAM);
    }

    private double metric(String name) {
        return Metrics.sample(product.url(""), name);
    }

    private List<JsonNode> upgrades() {
        return sim.requests(SOCKET).stream().filter(r -> r.path("method").asText().equals("GET")).toList();
    }

    /** Stops the traffic and waits until the board holds exactly what the simulator says it sent (for these users). */
    private void assertBoardEqualsTruth(List<String> users) {
        presence.configure(Map.of("paused", true));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Map<String, Map<String, Object>> truth = new TreeMap<>(presence.truth());
            if (users != null) {
                truth.keySet().retainAll(users);
            }
            assertThat(PresenceWorld.board(product.url(""))).isEqualTo(truth);
        });
    }

    @Test
    void shouldAckHeartbeatsInTimeWhileTheRouteFallsBehind() throws Exception {
        start(Map.of());
        presence.configure(Map.of("updatesPerSecond", 100, "heartbeatIntervalMs", 200, "ackDeadlineMs", 1000));
        // each update now takes the route 50 ms: it falls behind by about 80 updates a second
        AdviceWith.adviceWith(product.context(), STREAM, route -> route.weaveById("merge-delta").before().delay(50).syncDelayed());
        connect();

        await().atMost(Duration.ofSeconds(15)).until(() -> presence.stats().path("heartbeatAcks").asInt() >= 15);

        JsonNode stats = presence.stats();
        assertThat(stats.path("closes").has("4000")).as(stats.toString()).isFalse();
        assertThat(stats.path("connections").asInt()).isEqualTo(1);
        assertThat(stats.path("maxAckMs").asLong()).isLessThan(1000);
        assertThat(stats.path("updatesSent").asLong() - stream().path("events").asLong())
                .as("updates the route has not taken yet").isGreaterThan(100);
        assertThat(metric("cxone_presence_heartbeat_ack_seconds_count")).isGreaterThanOrEqualTo(15);
    }

    @Test
    void shouldDropStaleAndOutOfFilterUpdatesAndMergeDeltas() throws Exception {
        outside = CxoneSimulator.start(SimulatorSettings.defaults(0));
        outside.guestTraffic(false);
        outside.presenceTraffic(0);
        List<String> mine = outside.presenceUserIds().subList(0, 20);
        startOutside(Map.of("cxone.presence.user-ids", String.join(",", mine)));
        connect();
        String user = mine.get(0);

        presence.set(Map.of("userId", user, "status", "Wrap-Up", "queueName", "Sales", "wrapUpCode", "Sale"));
        Map<String, Object> clear = new HashMap<>();
        clear.put("userId", user);
        clear.put("wrapUpCode", null);
        presence.set(clear);
        long last = presence.set(Map.of("userId", user, "queueName", "Billing"));
        await().atMost(Duration.ofSeconds(10)).until(() -> PresenceWorld.board(product.url("")).containsKey(user)
                && PresenceWorld.board(product.url("")).get(user).get("sequence").equals((int) last));
        Map<String, Object> row = PresenceWorld.board(product.url("")).get(user);
        assertThat(row).containsEntry("status", "Wrap-Up").containsEntry("queueName", "Billing").containsEntry("wrapUpCode", null);
        assertThat(row.get("updatedAt").toString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");

        mine.subList(1, 6).forEach(other -> presence.set(Map.of("userId", other, "status", "Available")));
        presence.fault(Map.of("kind", "duplicates", "count", 5));
        presence.fault(Map.of("kind", "out-of-order", "count", 3));
        presence.fault(Map.of("kind", "outside-filter", "count", 4));
        presence.fault(Map.of("kind", "malformed", "count", 3));

        await().atMost(Duration.ofSeconds(10)).until(() -> metric("cxone_presence_ignored_total") == 4
                && metric("cxone_presence_stale_total") == 8 && stream().path("malformed").asInt() == 3);
        assertBoardEqualsTruth(mine);
        assertThat(Http.get(product.url("/api/rejected-events?flow=presence-dashboard")).json().path("rejectedEvents"))
                .extracting(rejected -> rejected.path("reason").asText())
                .containsExactlyInAnyOrder("frame is not JSON", "no sequence", "no payload.userId");
        assertThat(PresenceWorld.board(product.url("")).keySet()).isSubsetOf(mine);
        assertThat(stream().path("duplicates").asLong()).isEqualTo(8);
        assertThat(metric("cxone_presence_stale_total")).isEqualTo(8);
        assertThat(metric("cxone_presence_ignored_total")).isEqualTo(4);
    }

    @Test
    void shouldEqualTheSimulatorsTruthAfterDropsClosesAndDisorder() throws Exception {
        start(Map.of());
        presence.configure(Map.of("updatesPerSecond", 300));
        connect();
        int[] codes = {1006, 1011, 4001, 4000};
        for (int i = 0; i < codes.length; i++) {
            long reconnects = i;
            presence.fault(Map.of("kind", "close", "code", codes[i], "afterUpdates", 40));
            await().atMost(Duration.ofSeconds(10)).until(() -> stream().path("reconnects").asLong() > reconnects
                    && stream().path("connected").asBoolean());
        }
        // The simulator sends again what the open socket sent last: wait until the last socket has sent some updates.
        long eventsBeforeLastSocket = stream().path("events").asLong();
        await().atMost(Duration.ofSeconds(10)).until(() -> stream().path("events").asLong() >= eventsBeforeLastSocket + 30);
        presence.fault(Map.of("kind", "duplicates", "count", 30));
        presence.fault(Map.of("kind", "out-of-order", "count", 20));

        assertBoardEqualsTruth(null);
        JsonNode stats = presence.stats();
        assertThat(stats.path("outOfOrderSent").asInt()).isEqualTo(20);
        assertThat(metric("cxone_presence_stale_total"))
                .isEqualTo(stats.path("duplicatesSent").asDouble() + stats.path("outOfOrderSent").asDouble()).isGreaterThan(20);
        assertThat(stream().path("reconnects").asLong()).isEqualTo(4);
        assertThat(stream().path("stopped").asBoolean()).isFalse();
        List<JsonNode> upgrades = upgrades();
        assertThat(upgrades.get(3).path("token").asText()).as("a new token after 4001")
                .isNotEqualTo(upgrades.get(2).path("token").asText());
    }

    @Test
    void shouldRetryAnUnansweredSubscribeAndStopOnABadOneUntilRestarted() throws Exception {
        start(Map.of("cxone.presence.subscribe-timeout", "400"));
        presence.fault(Map.of("kind", "no-ack", "count", 1));
        connect();

        List<Integer> answers = sim.requests(SOCKET).stream().filter(r -> r.path("method").asText().equals("WS"))
                .map(r -> r.path("status").asInt()).toList();
        assertThat(answers).containsExactly(0, 200);

        presence.fault(Map.of("kind", "reject", "count", 1, "reason", "userIds: unknown user 42"));
        presence.fault(Map.of("kind", "close", "code", 1011));
        await().atMost(Duration.ofSeconds(10)).until(() -> stream().path("stopped").asBoolean());
        int attempts = upgrades().size();
        assertThat(stream().path("lastError").asText()).contains("1008").contains("userIds: unknown user 42");
        await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(2)).until(() -> upgrades().size() == attempts);

        assertThat(Http.post(product.url("/api/streams/presence-dashboard/restart"), "").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> stream().path("connected").asBoolean());
        assertThat(stream().path("cursor").isNull()).isTrue();
    }
}
