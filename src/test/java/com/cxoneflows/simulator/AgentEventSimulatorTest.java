package com.cxoneflows.simulator;

import com.cxoneflows.testing.Http;
import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Contract §3 as the simulator plays it, over real WebSocket and HTTP connections. */
class AgentEventSimulatorTest extends SimulatorOverSockets {

    private static final String STREAM = "/api/v2/events/stream";
    private static final Map<String, List<String>> MATRIX = Map.of(
            "available", List.of("busy", "wrap-up", "break"),
            "busy", List.of("wrap-up", "available"),
            "wrap-up", List.of("available", "break"),
            "break", List.of("available"));

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** One client socket: its event and control frames as JSON, the pings it saw, and how it closed. */
    private static final class AgentSocket extends ObservedSocket {

        private final List<JsonNode> events = new ArrayList<>();
        private final List<JsonNode> controls = new ArrayList<>();
        private final List<Long> controlArrivals = new ArrayList<>();
        private JsonNode first;

        private AgentSocket(WebSocket ws) {
            super(ws);
        }

        @Override
        synchronized void received(JsonNode frame) {
            if (first == null) {
                first = frame;
            }
            if (frame.has("eventType")) {
                events.add(frame);
            } else {
                controls.add(frame);
                controlArrivals.add(System.nanoTime());
            }
        }

        synchronized List<JsonNode> events() {
            return List.copyOf(events);
        }

        synchronized List<JsonNode> controls() {
            return List.copyOf(controls);
        }

        synchronized JsonNode first() {
            return first;
        }

        synchronized long controlArrival(int index) {
            return controlArrivals.get(index);
        }

        synchronized boolean silent() {
            return events.isEmpty() && controls.isEmpty();
        }

        /** Whether the event with this sequence has arrived; sequences rise, so the last event tells. */
        synchronized boolean received(long sequence) {
            return !events.isEmpty() && events.get(events.size() - 1).path("sequence").asLong() >= sequence;
        }
    }

    private AgentSocket connect(String token) throws Exception {
        return connect(STREAM, token, AgentSocket::new);
    }

    private AgentSocket connect() throws Exception {
        return connect(token());
    }

    private HttpResponse<String> baseline(String query, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/api/v2/agents/states" + query));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode admin(String path, Map<String, ?> body) {
        Http.Response response = Http.post(simulator.baseUrl() + "/_sim/agents" + path, Http.json(body));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private JsonNode get(String path) {
        return Http.get(simulator.baseUrl() + "/_sim/agents" + path).json();
    }

    private List<String> agentIds(int count) {
        List<String> ids = new ArrayList<>();
        get("/ids").path("agentIds").forEach(id -> ids.add(id.asText()));
        return ids.subList(0, count);
    }

    private static Map<String, Object> subscribe(List<String> agentIds) {
        return Map.of("action", "subscribe", "events", List.of("agent.state.change"),
                "filters", Map.of("agentIds", agentIds, "stateMatrix", MATRIX,
                        "alertThresholds", Map.of("maxLatencyMs", 2500, "maxUnverifiedTransitions", 5)));
    }

    /** Subscribes and waits for the ack; returns the subscription id. */
    private static String subscribed(AgentSocket socket, List<String> agentIds) {
        int before = socket.controls().size();
        socket.send(subscribe(agentIds));
        await().atMost(Duration.ofSeconds(5)).until(() -> socket.controls().size() > before);
        JsonNode answer = socket.controls().get(before);
        assertThat(answer.path("type").asText()).as(answer.toString()).isEqualTo("subscribe.ack");
        return answer.path("subscriptionId").asText();
    }

    private static JsonNode lastControl(AgentSocket socket) {
        List<JsonNode> controls = socket.controls();
        return controls.get(controls.size() - 1);
    }

    private static List<Long> sequences(List<JsonNode> events) {
        return events.stream().map(event -> event.path("sequence").asLong()).toList();
    }

    /** The highest sequence truth holds for these agents: the last event a subscriber of them must get. */
    private long lastSequenceOf(List<String> agentIds) {
        JsonNode agents = get("/truth").path("agents");
        return agentIds.stream().mapToLong(id -> agents.path(id).path("sequence").asLong()).max().orElseThrow();
    }

    @Test
    void shouldRefuseUpgradeWhenBearerTokenMissingOrFaultSwitchedOn() throws Exception {
        assertThatThrownBy(() -> connect(null)).hasCauseInstanceOf(UpgradeRejectedException.class)
                .satisfies(error -> assertThat(((UpgradeRejectedException) error.getCause()).getStatus()).isEqualTo(401));
        assertThatThrownBy(() -> connect("not-a-token"))
                .satisfies(error -> assertThat(((UpgradeRejectedException) error.getCause()).getStatus()).isEqualTo(401));
        sim.fault(Map.of("target", "agent-stream", "status", 503, "times", 1));
        assertThatThrownBy(this::connect)
                .satisfies(error -> assertThat(((UpgradeRejectedException) error.getCause()).getStatus()).isEqualTo(503));
        // Vert.x cannot hold an upgrade back, so a delay-only fault answers 503 after its delay
        sim.fault(Map.of("target", "agent-stream", "status", 0, "times", 1, "delayMs", 200));
        assertThatThrownBy(this::connect)
                .satisfies(error -> assertThat(((UpgradeRejectedException) error.getCause()).getStatus()).isEqualTo(503));

        assertThat(sim.requests(STREAM)).extracting(request -> request.path("status").asInt())
                .containsExactly(401, 401, 503, 503);
        assertThat(get("/stats").path("connections").asInt()).isZero();
    }

    @Test
    void shouldAckThenStreamOnlySubscribedAgentsInSequenceOrderWhenSubscribed() throws Exception {
        admin("/config", Map.of("eventsPerSecond", 2000));
        List<String> mine = agentIds(5);
        AgentSocket socket = connect();

        String subscriptionId = subscribed(socket, mine);
        await().atMost(Duration.ofSeconds(5)).until(() -> socket.events().size() >= 30);

        assertThat(subscriptionId).isEqualTo("sub-1");
        assertThat(socket.first().path("type").asText()).isEqualTo("subscribe.ack");
        List<JsonNode> events = socket.events();
        assertThat(events).allSatisfy(event -> {
            assertThat(event.path("eventType").asText()).isEqualTo("agent.state.change");
            assertThat(mine).contains(event.path("data").path("agentId").asText());
            assertThat(MATRIX.get(event.path("data").path("previousState").asText()))
                    .contains(event.path("data").path("currentState").asText());
            assertThat(event.path("data").path("timestamp").asText()).endsWith("Z");
            assertThat(event.path("data").path("reasonCode").asText()).isNotBlank();
        });
        assertThat(sequences(events)).isSorted().doesNotHaveDuplicates();
        assertThat(sim.requests(STREAM)).extracting(request -> request.path("status").asInt()).containsExactly(101, 200);
        assertThat(sim.requests(STREAM).get(1).path("detail").path("subscriptionId").asText()).isEqualTo("sub-1");
    }

    @Test
    void shouldRejectAndKeepSocketOpenWhenSubscribeInvalid() throws Exception {
        List<String> all = agentIds(200);
        AgentSocket socket = connect();

        socket.send(subscribe(all.subList(0, 51)));
        socket.send(subscribe(List.of("agent-7")));
        socket.send(subscribe(List.of(UUID.randomUUID().toString())));
        socket.send(Map.of("action", "unsubscribe"));
        await().atMost(Duration.ofSeconds(5)).until(() -> socket.controls().size() == 4);
        String subscriptionId = subscribed(socket, all.subList(0, 50));

        assertThat(socket.controls()).extracting(frame -> frame.path("type").asText())
                .containsExactly("subscribe.reject", "subscribe.reject", "subscribe.reject", "error", "subscribe.ack");
        assertThat(socket.controls()).extracting(frame -> frame.path("reason").asText()).satisfies(reasons -> {
            assertThat(reasons.get(0)).contains("1 to 50");
            assertThat(reasons.get(1)).contains("not a UUID");
            assertThat(reasons.get(2)).contains("unknown agent");
            assertThat(reasons.get(3)).contains("unsubscribe");
        });
        assertThat(subscriptionId).isEqualTo("sub-1");
        assertThat(get("/stats").path("subscribeFrames").asInt()).isEqualTo(5);
    }

    @Test
    void shouldRejectWhenTenantAlreadyHoldsFiveHundredSubscriptions() throws Exception {
        admin("/config", Map.of("paused", true));
        List<String> mine = agentIds(1);
        AgentSocket first = connect();
        AgentSocket second = connect();

        IntStream.range(0, 300).forEach(i -> first.send(subscribe(mine)));
        await().atMost(Duration.ofSeconds(5)).until(() -> first.controls().size() == 300);
        IntStream.range(0, 201).forEach(i -> second.send(subscribe(mine)));
        await().atMost(Duration.ofSeconds(5)).until(() -> second.controls().size() == 201);

        assertThat(get("/stats").path("subscriptions").asInt()).isEqualTo(500);
        assertThat(lastControl(second).path("type").asText()).isEqualTo("subscribe.reject");
        assertThat(lastControl(second).path("reason").asText()).contains("500");

        first.ws.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> get("/stats").path("subscriptions").asInt() == 200);
        subscribed(second, mine);
    }

    @Test
    void shouldMatchTruthWhenBaselineTaken() throws Exception {
        admin("/config", Map.of("eventsPerSecond", 1000));
        await().atMost(Duration.ofSeconds(5)).until(() -> get("/truth").path("sequence").asLong() > 100);
        admin("/config", Map.of("paused", true));
        List<String> mine = agentIds(3);
        String token = token();

        JsonNode baseline = parse(baseline("?agentIds=" + String.join(",", mine) + "," + UUID.randomUUID(), token).body());
        JsonNode truth = get("/truth");

        assertThat(baseline.path("sequence").asLong()).isEqualTo(truth.path("sequence").asLong()).isGreaterThan(100);
        assertThat(baseline.path("agents")).hasSize(3);
        for (JsonNode agent : baseline.path("agents")) {
            JsonNode known = truth.path("agents").path(agent.path("agentId").asText());
            assertThat(agent.path("state").asText()).isEqualTo(known.path("state").asText());
            assertThat(agent.path("reasonCode").asText()).isEqualTo(known.path("reasonCode").asText());
            assertThat(agent.path("timestamp").asText()).isEqualTo(known.path("lastUpdated").asText());
        }
        assertThat(parse(baseline("", token).body()).path("agents")).hasSize(200);
        assertThat(baseline("", null).statusCode()).isEqualTo(401);
        sim.fault(Map.of("target", "agent-baseline", "status", 503, "times", 1));
        assertThat(baseline("", token).statusCode()).isEqualTo(503);
    }

    @Test
    void shouldHoldAckBackWhenAckDelayConfigured() throws Exception {
        admin("/config", Map.of("ackDelayMs", 600));
        AgentSocket socket = connect();

        long sent = System.nanoTime();
        subscribed(socket, agentIds(1));

        assertThat(Duration.ofNanos(socket.controlArrival(0) - sent)).isGreaterThanOrEqualTo(Duration.ofMillis(600));
    }

    @Test
    void shouldLeaveSubscribeUnansweredWhenNoAckFaultArmed() throws Exception {
        admin("/faults", Map.of("kind", "no-ack", "count", 1));
        List<String> mine = agentIds(2);
        AgentSocket socket = connect();

        socket.send(subscribe(mine));
        await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(2)).until(socket::silent);
        String subscriptionId = subscribed(socket, mine);

        assertThat(subscriptionId).isEqualTo("sub-1");
        assertThat(sim.requests(STREAM)).extracting(request -> request.path("detail").path("outcome").asText())
                .containsExactly("", "no-ack", "ack");
    }

    @Test
    void shouldRejectNextSubscribesWhenRejectFaultArmed() throws Exception {
        admin("/faults", Map.of("kind", "reject", "count", 2, "reason", "tenant busy"));
        List<String> mine = agentIds(2);
        AgentSocket socket = connect();

        socket.send(subscribe(mine));
        socket.send(subscribe(mine));
        await().atMost(Duration.ofSeconds(5)).until(() -> socket.controls().size() == 2);
        subscribed(socket, mine);

        assertThat(socket.controls().subList(0, 2)).allSatisfy(frame -> {
            assertThat(frame.path("type").asText()).isEqualTo("subscribe.reject");
            assertThat(frame.path("reason").asText()).isEqualTo("tenant busy");
        });
    }

    @Test
    void shouldCloseWithConfiguredCodeAndReasonWhenCloseFaultFires() throws Exception {
        admin("/config", Map.of("paused", true));
        List<String> mine = agentIds(50);
        AgentSocket socket = connect();
        subscribed(socket, mine);

        admin("/faults", Map.of("kind", "close", "code", 1008, "reason", "policy violation: rate exceeded", "afterEvents", 3));
        admin("/generate", Map.of("count", 400));
        await().atMost(Duration.ofSeconds(5)).until(() -> socket.closed);

        assertThat(socket.events()).hasSize(3);
        assertThat(socket.closeCode).isEqualTo((short) 1008);
        assertThat(socket.closeReason).isEqualTo("policy violation: rate exceeded");

        await().atMost(Duration.ofSeconds(5)).until(() -> get("/stats").path("openConnections").asInt() == 0);
        JsonNode armed = admin("/faults", Map.of("kind", "close", "code", 4001, "reason", "token expired"));
        assertThat(armed.path("armed").asText()).isEqualTo("next-connection");
        AgentSocket next = connect();
        await().atMost(Duration.ofSeconds(5)).until(() -> next.closed);

        assertThat(next.closeCode).isEqualTo((short) 4001);
        assertThat(next.closeReason).isEqualTo("token expired");
        assertThat(next.closeFrameSeen).isTrue();
    }

    @Test
    void shouldDropConnectionWithoutCloseFrameWhenCloseCodeIs1006() throws Exception {
        admin("/config", Map.of("paused", true));
        List<String> mine = agentIds(50);
        AgentSocket socket = connect();
        subscribed(socket, mine);
        admin("/generate", Map.of("count", 100));
        long last = lastSequenceOf(mine);
        await().atMost(Duration.ofSeconds(5)).until(() -> socket.received(last));

        admin("/faults", Map.of("kind", "close", "code", 1006));
        await().atMost(Duration.ofSeconds(5)).until(() -> socket.closed);

        assertThat(socket.closeCode).as("no close frame, so no status").isNull();
        assertThat(socket.closeFrameSeen).isFalse();
        await().atMost(Duration.ofSeconds(5)).until(() -> get("/stats").path("openConnections").asInt() == 0);
    }

    @Test
    void shouldClose4001WhenSocketTokenExpires() throws Exception {
        sim.configure(Map.of("tokenLifetimeSeconds", 1));
        AgentSocket socket = connect();
        subscribed(socket, agentIds(1));

        await().atMost(Duration.ofSeconds(4)).until(() -> socket.closed);

        assertThat(socket.closeCode).isEqualTo((short) 4001);
        assertThat(socket.closeReason).isEqualTo("token expired");
    }

    @Test
    void shouldCountPongsWhenServerPings() throws Exception {
        admin("/config", Map.of("pingIntervalMs", 50));
        AgentSocket socket = connect();

        await().atMost(Duration.ofSeconds(5)).until(() -> socket.pings.get() >= 3);
        await().atMost(Duration.ofSeconds(5)).until(() -> get("/stats").path("pongs").asInt() >= 3);

        assertThat(get("/stats").path("pongsByConnection").path("conn-1").asInt()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void shouldMoveSequenceButNotStateWhenIllegalTransitionsInjected() throws Exception {
        admin("/config", Map.of("paused", true));
        List<String> mine = agentIds(50);
        AgentSocket socket = connect();
        subscribed(socket, mine);
        JsonNode before = get("/truth");

        JsonNode injected = admin("/faults", Map.of("kind", "illegal", "count", 200));
        JsonNode after = get("/truth");

        long start = before.path("sequence").asLong();
        assertThat(injected.path("sequence").asLong()).isEqualTo(after.path("sequence").asLong()).isEqualTo(start + 200);
        int moved = 0;
        for (String id : agentIds(200)) {
            JsonNode was = before.path("agents").path(id);
            JsonNode is = after.path("agents").path(id);
            assertThat(is.path("state")).isEqualTo(was.path("state"));
            assertThat(is.path("lastUpdated")).isEqualTo(was.path("lastUpdated"));
            if (is.path("sequence").asLong() > start) {
                moved++;
            }
        }
        assertThat(moved).isPositive();
        long last = lastSequenceOf(mine);
        await().atMost(Duration.ofSeconds(5)).until(() -> socket.received(last));
        assertThat(socket.events()).allSatisfy(event -> {
            JsonNode data = event.path("data");
            assertThat(MATRIX.get(data.path("previousState").asText())).doesNotContain(data.path("currentState").asText());
            assertThat(data.path("previousState")).isEqualTo(after.path("agents").path(data.path("agentId").asText()).path("state"));
        });
        assertThat(get("/stats").path("illegalInjected").asInt()).isEqualTo(200);
    }

    @Test
    void shouldResendLastFramesWithSameSequencesWhenDuplicatesFaultFires() throws Exception {
        admin("/config", Map.of("paused", true));
        List<String> mine = agentIds(50);
        AgentSocket socket = connect();
        subscribed(socket, mine);
        admin("/generate", Map.of("count", 100));
        long last = lastSequenceOf(mine);
        await().atMost(Duration.ofSeconds(5)).until(() -> socket.received(last));
        List<JsonNode> original = socket.events();

        admin("/faults", Map.of("kind", "duplicates", "count", 3));
        admin("/generate", Map.of("count", 100));
        long next = lastSequenceOf(mine);
        await().atMost(Duration.ofSeconds(5)).until(() -> socket.received(next));

        List<JsonNode> events = socket.events();
        assertThat(events.subList(original.size(), original.size() + 3))
                .isEqualTo(original.subList(original.size() - 3, original.size()));
        assertThat(sequences(events.subList(original.size() + 3, events.size()))).isSorted().allMatch(sequence -> sequence > last);
        assertThat(get("/stats").path("duplicatesSent").asInt()).isEqualTo(3);
    }

    @Test
    void shouldQueueEveryEventForSlowReaderWhenHundredThousandGeneratedAtOnce() throws Exception {
        admin("/config", Map.of("paused", true));
        List<String> mine = agentIds(50);
        Map<String, String> stateAtStart = new HashMap<>();
        JsonNode before = get("/truth").path("agents");
        mine.forEach(id -> stateAtStart.put(id, before.path(id).path("state").asText()));
        long sequenceBefore = get("/truth").path("sequence").asLong();
        AgentSocket socket = connect();
        subscribed(socket, mine);
        socket.ws.pause();

        long started = System.nanoTime();
        long sequence = admin("/generate", Map.of("count", 100_000)).path("sequence").asLong();
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(took).isLessThan(Duration.ofSeconds(3));
        assertThat(sequence).isEqualTo(sequenceBefore + 100_000);
        socket.ws.resume();
        long last = lastSequenceOf(mine);
        await().atMost(Duration.ofSeconds(15)).until(() -> socket.received(last));

        // every agent's events chain up from its state at the start: none was dropped while the reader lagged
        Map<String, String> state = new HashMap<>(stateAtStart);
        Set<String> seen = new HashSet<>();
        for (JsonNode event : socket.events()) {
            JsonNode data = event.path("data");
            String agent = data.path("agentId").asText();
            assertThat(data.path("previousState").asText()).as("event %s", event).isEqualTo(state.get(agent));
            state.put(agent, data.path("currentState").asText());
            seen.add(agent);
        }
        JsonNode truth = get("/truth").path("agents");
        assertThat(seen).containsExactlyInAnyOrderElementsOf(mine);
        mine.forEach(id -> assertThat(state.get(id)).isEqualTo(truth.path(id).path("state").asText()));
        assertThat(sequences(socket.events())).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void shouldRefuseAdminInputWhenItDoesNotFit() {
        String base = simulator.baseUrl() + "/_sim/agents";

        assertThat(Http.post(base + "/config", "{\"eventsPerSecond\":-1}").status()).isEqualTo(400);
        assertThat(Http.post(base + "/config", "{\"speed\":3}").json().path("error").asText()).contains("speed");
        assertThat(Http.post(base + "/generate", "not json").status()).isEqualTo(400);
        assertThat(Http.post(base + "/faults", "{\"kind\":\"close\",\"code\":1005}").status()).isEqualTo(400);
        assertThat(Http.post(base + "/faults", "{\"kind\":\"no-pong-needed\"}").status()).isEqualTo(400);
        assertThat(admin("/config", Map.of()).path("eventsPerSecond").asInt()).isEqualTo(20);
    }
}
