package com.cxoneflows.simulator;

import com.cxoneflows.testing.Http;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Contract §4 as the simulator plays it, over real WebSocket and HTTP connections. */
class PresenceSimulatorTest extends SimulatorOverSockets {

    private static final String STREAM = "/v1/streaming/presence";

    /** One client socket: its updates and control frames as JSON, and the heartbeats it saw (and acked, if told to). */
    private static final class PresenceSocket extends ObservedSocket {

        private final boolean acksHeartbeats;
        private final List<JsonNode> updates = new ArrayList<>();
        private final List<JsonNode> controls = new ArrayList<>();
        private int heartbeats;

        private PresenceSocket(WebSocket ws, boolean acksHeartbeats) {
            super(ws);
            this.acksHeartbeats = acksHeartbeats;
        }

        @Override
        synchronized void received(JsonNode frame) {
            String type = frame.path("type").asText();
            if (type.equals("heartbeat")) {
                heartbeats++;
                if (acksHeartbeats) {
                    send(Map.of("type", "heartbeat.ack", "id", frame.path("id").asText()));
                }
            } else if (type.equals("presence.update")) {
                updates.add(frame);
            } else {
                controls.add(frame);
            }
        }

        synchronized List<JsonNode> updates() {
            return List.copyOf(updates);
        }

        synchronized List<JsonNode> controls() {
            return List.copyOf(controls);
        }

        synchronized int heartbeats() {
            return heartbeats;
        }
    }

    private PresenceSocket connect(boolean acksHeartbeats) throws Exception {
        return connect(STREAM, token(), ws -> new PresenceSocket(ws, acksHeartbeats));
    }

    private PresenceSocket connect() throws Exception {
        return connect(true);
    }

    private JsonNode admin(String path, Map<String, ?> body) {
        Http.Response response = Http.post(simulator.baseUrl() + "/_sim/presence" + path, Http.json(body));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private JsonNode get(String path) {
        return Http.get(simulator.baseUrl() + "/_sim/presence" + path).json();
    }

    private List<String> userIds(int count) {
        List<String> ids = new ArrayList<>();
        get("/ids").path("userIds").forEach(id -> ids.add(id.asText()));
        assertThat(ids).hasSize(1000);
        return ids.subList(0, count);
    }

    /** Subscribes ({@code userIds} null: every user) and waits for {@code subscribed}; returns it. */
    private static JsonNode subscribed(PresenceSocket socket, List<String> userIds) {
        int before = socket.controls().size();
        Map<String, Object> presence = userIds == null ? Map.of() : Map.of("userIds", userIds);
        socket.send(Map.of("type", "subscribe", "payload", Map.of("presence", presence)));
        await().atMost(Duration.ofSeconds(5)).until(() -> socket.controls().size() > before);
        JsonNode answer = socket.controls().get(before);
        assertThat(answer.path("type").asText()).as(answer.toString()).isEqualTo("subscribed");
        return answer;
    }

    private static String userOf(JsonNode update) {
        return update.path("payload").path("userId").asText();
    }

    private static long sequenceOf(JsonNode update) {
        return update.path("sequence").asLong();
    }

    @Test
    void shouldRefuseUpgradeWhenBearerTokenMissingOrFaultSwitchedOn() {
        assertThatThrownBy(() -> connect(STREAM, null, ws -> ws))
                .satisfies(error -> assertThat(((UpgradeRejectedException) error.getCause()).getStatus()).isEqualTo(401));
        sim.fault(Map.of("target", "presence-stream", "status", 503, "times", 1));
        assertThatThrownBy(this::connect)
                .satisfies(error -> assertThat(((UpgradeRejectedException) error.getCause()).getStatus()).isEqualTo(503));
        assertThat(get("/stats").path("connections").asInt()).isZero();
    }

    @Test
    void shouldAnswerSubscribedThenStreamOnlySubscribedUsersWithARisingSequencePerUser() throws Exception {
        admin("/config", Map.of("updatesPerSecond", 2000));
        List<String> mine = userIds(20);
        PresenceSocket socket = connect();

        JsonNode answer = subscribed(socket, mine);
        await().atMost(Duration.ofSeconds(10)).until(() -> socket.updates().size() >= 60);

        assertThat(answer.path("payload").path("presence").path("userIds")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrderElementsOf(mine);
        Map<String, Long> last = new HashMap<>();
        for (JsonNode update : socket.updates()) {
            String user = userOf(update);
            assertThat(mine).contains(user);
            JsonNode payload = update.path("payload");
            assertThat(payload.path("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
            if (last.containsKey(user)) {
                assertThat(sequenceOf(update)).as("update %s", update).isEqualTo(last.get(user) + 1);
            } else {
                assertThat(payload.has("status") && payload.has("queueName") && payload.has("wrapUpCode"))
                        .as("the first update about a user carries its whole state: %s", update).isTrue();
            }
            last.put(user, sequenceOf(update));
        }
        assertThat(sim.requests(STREAM)).extracting(request -> request.path("status").asInt()).containsExactly(101, 200);
    }

    @Test
    void shouldStreamEveryUserWhenSubscribedWithoutUserIds() throws Exception {
        admin("/config", Map.of("updatesPerSecond", 2000));
        PresenceSocket socket = connect();

        JsonNode answer = subscribed(socket, null);
        await().atMost(Duration.ofSeconds(10)).until(() -> socket.updates().size() >= 200);

        assertThat(answer.path("payload").path("presence").has("userIds")).isFalse();
        assertThat(socket.updates().stream().map(PresenceSimulatorTest::userOf).distinct().count()).isGreaterThan(100);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"type\":\"subscribe\",\"payload\":{\"presence\":{\"userIds\":[]}}}|non-empty",
            "{\"type\":\"subscribe\",\"payload\":{\"presence\":{\"userIds\":[\"agent-7\"]}}}|not a UUID",
            "{\"type\":\"subscribe\",\"payload\":{\"presence\":{\"userIds\":[\"00000000-0000-4000-8000-000000000000\"]}}}|unknown user",
            "{\"type\":\"subscribe\"}|payload.presence",
            "{\"type\":\"unsubscribe\"}|expected a subscribe",
            "hello|not a JSON object"})
    void shouldSendAnErrorAndClose1008WhenAFrameDoesNotFit(String frame, String reason) throws Exception {
        PresenceSocket socket = connect();

        socket.send(frame);
        await().atMost(Duration.ofSeconds(5)).until(() -> socket.closed);

        assertThat(socket.controls()).hasSize(1);
        assertThat(socket.controls().get(0).path("type").asText()).isEqualTo("error");
        assertThat(socket.controls().get(0).path("reason").asText()).contains(reason);
        assertThat(socket.closeCode).isEqualTo((short) 1008);
        assertThat(socket.closeReason).contains(reason);
    }

    @Test
    void shouldClose4000WhenAHeartbeatIsNotAcknowledgedInTime() throws Exception {
        admin("/config", Map.of("paused", true, "heartbeatIntervalMs", 100, "ackDeadlineMs", 600));
        PresenceSocket acking = connect(true);
        PresenceSocket silent = connect(false);

        await().atMost(Duration.ofSeconds(5)).until(() -> silent.closed);
        await().atMost(Duration.ofSeconds(5)).until(() -> acking.heartbeats() >= 10);

        assertThat(silent.closeCode).isEqualTo((short) 4000);
        assertThat(silent.closeReason).startsWith("heartbeat hb-1 not acknowledged within 600 ms");
        assertThat(acking.closed).isFalse();
        JsonNode stats = get("/stats");
        assertThat(stats.path("heartbeatAcks").asInt()).isGreaterThanOrEqualTo(9);
        assertThat(stats.path("maxAckMs").asLong()).isLessThan(600);
        assertThat(stats.path("closes").path("4000").asInt()).isEqualTo(1);
    }

    @Test
    void shouldClose4001WhenTheSocketTokenExpires() throws Exception {
        sim.configure(Map.of("tokenLifetimeSeconds", 1));
        PresenceSocket socket = connect();
        subscribed(socket, userIds(1));

        await().atMost(Duration.ofSeconds(4)).until(() -> socket.closed);

        assertThat(socket.closeCode).isEqualTo((short) 4001);
        assertThat(socket.closeReason).isEqualTo("token expired");
    }

    @Test
    void shouldSendDuplicatesStaleAndOutsideUpdatesWhenFaultsFire() throws Exception {
        admin("/config", Map.of("paused", true));
        List<String> mine = userIds(10);
        PresenceSocket socket = connect();
        subscribed(socket, mine);
        mine.forEach(user -> admin("/set", Map.of("userId", user, "status", "Available")));
        await().atMost(Duration.ofSeconds(5)).until(() -> socket.updates().size() == 10);

        admin("/faults", Map.of("kind", "duplicates", "count", 3));
        await().atMost(Duration.ofSeconds(5)).until(() -> socket.updates().size() == 13);
        assertThat(socket.updates().subList(10, 13)).isEqualTo(socket.updates().subList(7, 10));

        assertThat(admin("/faults", Map.of("kind", "out-of-order", "count", 2)).path("staleFrames").asInt()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(5)).until(() -> socket.updates().size() == 17);
        for (int pair = 13; pair < 17; pair += 2) {
            JsonNode newer = socket.updates().get(pair);
            JsonNode older = socket.updates().get(pair + 1);
            assertThat(userOf(newer)).isEqualTo(userOf(older));
            assertThat(sequenceOf(older)).isEqualTo(sequenceOf(newer) - 1);
        }

        assertThat(admin("/faults", Map.of("kind", "outside-filter", "count", 4)).path("frames").asInt()).isEqualTo(4);
        await().atMost(Duration.ofSeconds(5)).until(() -> socket.updates().size() == 21);
        assertThat(socket.updates().subList(17, 21)).extracting(PresenceSimulatorTest::userOf).doesNotContainAnyElementsOf(mine);
        JsonNode stats = get("/stats");
        assertThat(stats.path("duplicatesSent").asInt()).isEqualTo(3);
        assertThat(stats.path("outOfOrderSent").asInt()).isEqualTo(2);
        assertThat(stats.path("outsideFilterSent").asInt()).isEqualTo(4);
    }

    @Test
    void shouldCloseAfterTheArmedUpdatesOrDropTheConnectionFor1006() throws Exception {
        admin("/config", Map.of("paused", true));
        List<String> mine = userIds(5);
        PresenceSocket socket = connect();
        subscribed(socket, mine);

        admin("/faults", Map.of("kind", "close", "code", 1011, "reason", "internal error", "afterUpdates", 3));
        mine.forEach(user -> admin("/set", Map.of("userId", user, "status", "Break")));
        await().atMost(Duration.ofSeconds(5)).until(() -> socket.closed);

        assertThat(socket.updates()).hasSize(3);
        assertThat(socket.closeCode).isEqualTo((short) 1011);
        assertThat(socket.closeReason).isEqualTo("internal error");

        PresenceSocket next = connect();
        subscribed(next, mine);
        admin("/faults", Map.of("kind", "close", "code", 1006));
        await().atMost(Duration.ofSeconds(5)).until(() -> next.closed);

        assertThat(next.closeCode).as("no close frame, so no status").isNull();
        assertThat(next.closeFrameSeen).isFalse();
        assertThat(get("/stats").path("closes").path("1006").asInt()).isEqualTo(1);
    }

    @Test
    void shouldHoldAsTruthWhatACorrectClientMakesOfTheFramesWritten() throws Exception {
        admin("/config", Map.of("updatesPerSecond", 1000));
        PresenceSocket socket = connect();
        subscribed(socket, null);
        await().atMost(Duration.ofSeconds(5)).until(() -> socket.updates().size() >= 300);
        admin("/faults", Map.of("kind", "duplicates", "count", 20));
        admin("/faults", Map.of("kind", "out-of-order", "count", 20));
        admin("/config", Map.of("paused", true));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(merged(socket.updates())).isEqualTo(truth()));
        assertThat(socket.updates().stream().map(PresenceSimulatorTest::userOf).distinct().count()).isGreaterThan(100);
    }

    /** Applies updates as contract §4 says: a user's sequence must rise, absent fields stay, null clears. */
    private static Map<String, JsonNode> merged(List<JsonNode> updates) {
        Map<String, ObjectNode> users = new TreeMap<>();
        for (JsonNode update : updates) {
            ObjectNode user = users.computeIfAbsent(userOf(update), id -> Http.JSON.createObjectNode()
                    .put("userId", id).putNull("status").putNull("queueName").putNull("wrapUpCode").put("sequence", 0));
            if (sequenceOf(update) <= user.path("sequence").asLong()) {
                continue;
            }
            update.path("payload").fields().forEachRemaining(field -> {
                if (!field.getKey().equals("userId")) {
                    user.set(field.getKey(), field.getValue());
                }
            });
            user.set("sequence", update.path("sequence"));
        }
        return new TreeMap<>(users);
    }

    private Map<String, JsonNode> truth() {
        Map<String, JsonNode> truth = new TreeMap<>();
        get("/truth").path("users").forEach(user -> truth.put(user.path("userId").asText(), user));
        return truth;
    }

    @Test
    void shouldSetOneUsersFieldsNowAsADeltaWhereNullClears() throws Exception {
        admin("/config", Map.of("paused", true));
        String user = userIds(1).get(0);
        PresenceSocket socket = connect();
        subscribed(socket, List.of(user));

        admin("/set", Map.of("userId", user, "status", "Wrap-Up", "queueName", "Sales", "wrapUpCode", "Sale"));
        Map<String, Object> clear = new HashMap<>();
        clear.put("userId", user);
        clear.put("wrapUpCode", null);
        admin("/set", clear);
        long sequence = admin("/set", Map.of("userId", user, "queueName", "Billing")).path("sequence").asLong();
        await().atMost(Duration.ofSeconds(5)).until(() -> socket.updates().size() == 3);

        List<JsonNode> payloads = socket.updates().stream().map(update -> update.path("payload")).toList();
        assertThat(payloads.get(1).path("wrapUpCode").isNull()).isTrue();
        assertThat(fieldNames(payloads.get(1))).containsExactly("userId", "wrapUpCode", "timestamp");
        assertThat(fieldNames(payloads.get(2))).containsExactly("userId", "queueName", "timestamp");
        JsonNode known = get("/truth").path("users").get(0);
        assertThat(known.path("userId").asText()).isEqualTo(user);
        assertThat(known.path("status").asText()).isEqualTo("Wrap-Up");
        assertThat(known.path("queueName").asText()).isEqualTo("Billing");
        assertThat(known.path("wrapUpCode").isNull()).isTrue();
        assertThat(known.path("sequence").asLong()).isEqualTo(sequence);
        assertThat(known.path("timestamp").asText()).isEqualTo(payloads.get(2).path("timestamp").asText());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void shouldRefuseAdminInputWhenItDoesNotFit() {
        String base = simulator.baseUrl() + "/_sim/presence";
        String user = userIds(1).get(0);

        assertThat(Http.post(base + "/config", "{\"updatesPerSecond\":-1}").status()).isEqualTo(400);
        assertThat(Http.post(base + "/set", Http.json(Map.of("userId", user))).json().path("error").asText()).contains("at least one");
        assertThat(Http.post(base + "/set", "{\"userId\":\"nobody\",\"status\":\"Break\"}").status()).isEqualTo(400);
        assertThat(Http.post(base + "/set", "{\"userId\":\"" + user + "\",\"status\":null}").status()).isEqualTo(400);
        assertThat(Http.post(base + "/faults", "{\"kind\":\"close\",\"code\":1005}").status()).isEqualTo(400);
        assertThat(Http.post(base + "/faults", "{\"kind\":\"gremlins\"}").status()).isEqualTo(400);
        Set<String> ids = new HashSet<>();
        get("/ids").path("userIds").forEach(id -> ids.add(id.asText()));
        assertThat(ids).hasSize(1000);
        assertThat(admin("/config", Map.of()).path("updatesPerSecond").asInt()).isEqualTo(20);
    }
}
