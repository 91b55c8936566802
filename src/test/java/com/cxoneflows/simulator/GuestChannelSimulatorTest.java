package com.cxoneflows.simulator;

import com.cxoneflows.testing.Http;
import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Contract §7–§9 (web-chat guest channel, Task Routing, CRM batches) as the simulator plays them, over real sockets. */
class GuestChannelSimulatorTest extends SimulatorOverSockets {

    private static final String INTEGRATION = "/webchat/v1/ws";
    private static final String GUEST = "/webchat/v1/guest";
    private static final String ROUTING = "/api/v2/routing/conversations";
    private static final String CRM = "/crm/v1/batches";
    private static final Duration WAIT = Duration.ofSeconds(5);

    /** One client socket: the text messages it got, whole and in order, and how it closed. */
    private static final class ChatSocket {

        private final WebSocket ws;
        private final List<String> received = new ArrayList<>();
        private volatile boolean closed;
        private volatile Short closeCode;
        private volatile String closeReason;

        private ChatSocket(WebSocket ws) {
            this.ws = ws;
            ws.textMessageHandler(this::received);
            ws.closeHandler(done -> {
                closeCode = ws.closeStatusCode();
                closeReason = ws.closeReason();
                closed = true;
            });
        }

        private synchronized void received(String text) {
            received.add(text);
        }

        synchronized List<String> received() {
            return List.copyOf(received);
        }

        void send(String text) {
            ws.writeTextMessage(text);
        }
    }

    private ChatSocket connect(String path) throws Exception {
        return connect(path, null, ChatSocket::new);
    }

    /** An integration socket that has authenticated; its received frames start after {@code auth.ok}. */
    private ChatSocket integration() throws Exception {
        ChatSocket socket = connect(INTEGRATION);
        socket.send(Http.json(Map.of("type", "auth", "token", token())));
        await().atMost(WAIT).until(() -> !socket.received().isEmpty());
        // the first frame; with guest traffic playing, guest messages may follow it before this look
        assertThat(socket.received().get(0)).isEqualTo("{\"type\":\"auth.ok\"}");
        return socket;
    }

    private static List<String> pushed(ChatSocket integration) {
        List<String> frames = integration.received();
        return frames.subList(1, frames.size());
    }

    private HttpResponse<String> post(String path, String body, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(simulator.baseUrl() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP_1_1.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> route(String conversationId, String queueId, String token) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "webchat");
        body.put("queueId", queueId);
        body.put("customer", Map.of("id", conversationId, "firstName", "Guest", "lastName", "fp-3a9c",
                "email", "guest_" + conversationId + "@temp.cxone.com"));
        body.put("media", Map.of("webchat", Map.of("message", "Hi, my order is late", "url", "")));
        return post(ROUTING, Http.json(body), token == null ? null : "Bearer " + token);
    }

    private JsonNode admin(String path, Object body) {
        Http.Response response = Http.post(simulator.baseUrl() + "/_sim" + path, Http.json(body));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private JsonNode get(String path) {
        return Http.get(simulator.baseUrl() + "/_sim" + path).json();
    }

    private void pauseGuests() {
        admin("/guests/config", Map.of("paused", true));
    }

    private static Map<String, Object> record(String externalId, String message) {
        return Map.of("external_id", externalId, "fingerprint", "fp-3a9c", "last_message", message,
                "queued_at", "2026-11-22T10:15:30.123Z");
    }

    @Test
    void shouldAnswerAuthOkWhenFirstFrameCarriesValidToken() throws Exception {
        pauseGuests();

        integration();

        assertThat(get("/guests/stats").path("integrationSockets").asInt()).isEqualTo(1);
        assertThat(sim.requests(INTEGRATION)).extracting(request -> request.path("status").asInt()).containsExactly(101, 200);
    }

    @Test
    void shouldClose4001WhenFirstFrameIsNoAuthWithValidToken() throws Exception {
        ChatSocket badToken = connect(INTEGRATION);
        badToken.send(Http.json(Map.of("type", "auth", "token", "not-a-token")));
        ChatSocket noAuth = connect(INTEGRATION);
        noAuth.send(Http.json(Map.of("type", "hello")));
        ChatSocket notJson = connect(INTEGRATION);
        notJson.send("auth please");

        await().atMost(WAIT).until(() -> badToken.closed && noAuth.closed && notJson.closed);

        for (ChatSocket socket : List.of(badToken, noAuth, notJson)) {
            assertThat(socket.closeCode).isEqualTo((short) 4001);
            assertThat(socket.closeReason).isEqualTo("unauthorized");
            assertThat(socket.received()).isEmpty();
        }
    }

    @Test
    void shouldRefuseUpgradeWhenWebchatFaultSwitchedOn() {
        sim.fault(Map.of("target", "webchat", "status", 503, "times", 1));

        assertThatThrownBy(() -> connect(INTEGRATION))
                .satisfies(error -> assertThat(((UpgradeRejectedException) error.getCause()).getStatus()).isEqualTo(503));
    }

    @Test
    void shouldClose4001WhenIntegrationTokenExpires() throws Exception {
        sim.configure(Map.of("tokenLifetimeSeconds", 1));
        ChatSocket socket = integration();

        await().atMost(Duration.ofSeconds(4)).until(() -> socket.closed);

        assertThat(socket.closeCode).isEqualTo((short) 4001);
        assertThat(socket.closeReason).isEqualTo("token expired");
        assertThat(get("/guests/stats").path("integrationSockets").asInt()).isZero();
    }

    @Test
    void shouldPushGuestMessagesInContractShapeWhenGuestSocketSends() throws Exception {
        pauseGuests();
        ChatSocket integration = integration();
        ChatSocket guest = connect(GUEST);

        guest.send(Http.json(Map.of("conversationId", "conv-881", "text", "Hi, my order is late", "fingerprint", "fp-3a9c",
                "queueId", "general-support")));
        guest.send(Http.json(Map.of("conversationId", "conv-882", "text", "Anyone?", "fingerprint", "fp-77")));
        guest.send("not json");
        await().atMost(WAIT).until(() -> pushed(integration).size() == 2 && guest.received().size() == 1);

        JsonNode first = parse(pushed(integration).get(0));
        assertThat(first.path("type").asText()).isEqualTo("message");
        assertThat(first.path("direction").asText()).isEqualTo("inbound");
        assertThat(first.path("conversationId").asText()).isEqualTo("conv-881");
        assertThat(first.path("text").asText()).isEqualTo("Hi, my order is late");
        assertThat(first.path("timestamp").asText()).endsWith("Z");
        assertThat(first.path("metadata").path("browserFingerprint").asText()).isEqualTo("fp-3a9c");
        assertThat(first.path("metadata").path("routing").path("queueId").asText()).isEqualTo("general-support");
        assertThat(first.path("guest").path("fingerprint").asText()).isEqualTo("fp-3a9c");
        JsonNode second = parse(pushed(integration).get(1));
        assertThat(second.path("metadata").has("routing")).isFalse();
        assertThat(second.path("guest").path("fingerprint").asText()).isEqualTo("fp-77");
        assertThat(parse(guest.received().get(0)).path("type").asText()).isEqualTo("error");
        JsonNode stats = get("/guests/stats");
        assertThat(stats.path("messagesPushed").asInt()).isEqualTo(2);
        assertThat(stats.path("conversations").asInt()).isEqualTo(2);
        assertThat(stats.path("guestSockets").asInt()).isEqualTo(1);
    }

    @Test
    void shouldPushRawFramesVerbatimAndInOrderWhenSent() throws Exception {
        pauseGuests();
        ChatSocket first = integration();
        ChatSocket second = integration();
        List<String> frames = new ArrayList<>(List.of("not json", "{\"type\":\"message\",\"direction\":\"inbound\"}",
                "{\"type\":\"message\",\"direction\":\"inbound\",\"conversationId\":\"conv-1\",\"text\":\"\"}",
                "x".repeat(70_000)));
        IntStream.range(0, 200).forEach(i -> frames.add("{\"n\":" + i + "}"));

        JsonNode answer = admin("/guests/send", Map.of("frames", frames));
        JsonNode messages = admin("/guests/send", Map.of("messages",
                List.of(Map.of("conversationId", "conv-2", "text", "Hello", "fingerprint", "fp-1"))));
        await().atMost(WAIT).until(() -> pushed(first).size() == frames.size() + 1 && pushed(second).size() == frames.size() + 1);

        assertThat(answer.path("sent").asInt()).isEqualTo(frames.size());
        assertThat(messages.path("sent").asInt()).isEqualTo(1);
        assertThat(pushed(first).subList(0, frames.size())).isEqualTo(frames);
        assertThat(pushed(second)).isEqualTo(pushed(first));
        assertThat(parse(pushed(first).get(frames.size())).path("conversationId").asText()).isEqualTo("conv-2");
        assertThat(get("/guests/stats").path("framesPushed").asInt()).isEqualTo(frames.size() + 1);
    }

    @Test
    void shouldPlayGuestsWhenTrafficRuns() throws Exception {
        ChatSocket integration = integration();

        JsonNode config = admin("/guests/config", Map.of("guestsPerSecond", 100, "bots", 0));
        await().atMost(WAIT).until(() -> pushed(integration).stream().map(GuestChannelSimulatorTest::parse)
                .filter(frame -> "inbound".equals(frame.path("direction").asText())).count() >= 20);

        assertThat(config.path("guestsPerSecond").asInt()).isEqualTo(100);
        assertThat(config.path("paused").asBoolean()).isFalse();
        assertThat(pushed(integration).stream().map(GuestChannelSimulatorTest::parse)
                .filter(frame -> "inbound".equals(frame.path("direction").asText()))).allSatisfy(frame -> {
                    assertThat(frame.path("conversationId").asText()).startsWith("conv-");
                    assertThat(frame.path("metadata").path("browserFingerprint").asText()).matches("fp-[0-9a-f]+");
                    assertThat(frame.path("text").asText()).isNotBlank();
                });
    }

    @Test
    void shouldRouteOnceThenAnswer409WhenSameConversationRoutedAgain() throws Exception {
        String token = token();

        HttpResponse<String> routed = route("conv-881", "general-support", token);
        HttpResponse<String> again = route("conv-881", "general-support", token);

        assertThat(routed.statusCode()).isEqualTo(201);
        String taskId = parse(routed.body()).path("id").asText();
        assertThat(taskId).isEqualTo("task-1");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(parse(again.body()).path("error").asText()).isEqualTo("already_routed");
        assertThat(parse(again.body()).path("id").asText()).isEqualTo(taskId);
        JsonNode tasks = get("/routing/tasks");
        assertThat(tasks.path("tasks")).hasSize(1);
        assertThat(tasks.path("tasks").get(0).path("queueId").asText()).isEqualTo("general-support");
        assertThat(tasks.path("tasks").get(0).path("body").path("customer").path("id").asText()).isEqualTo("conv-881");
        assertThat(tasks.path("calls")).extracting(call -> call.path("status").asInt()).containsExactly(201, 409);
    }

    @Test
    void shouldRefuseWhenQueueBadOrRestrictedOrBodyBadOrTokenMissing() throws Exception {
        String token = token();
        JsonNode config = admin("/routing/config", Map.of("badQueues", List.of("no-such-queue"),
                "restrictedQueues", List.of("vip")));

        HttpResponse<String> unknown = route("conv-1", "no-such-queue", token);
        HttpResponse<String> restricted = route("conv-2", "vip", token);
        HttpResponse<String> noCustomer = post(ROUTING, "{\"type\":\"webchat\",\"queueId\":\"sales\"}", "Bearer " + token);
        HttpResponse<String> notJson = post(ROUTING, "not json", "Bearer " + token);
        HttpResponse<String> noToken = route("conv-3", "sales", null);

        assertThat(config.path("badQueues")).extracting(JsonNode::asText).containsExactly("no-such-queue");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(parse(unknown.body()).path("error").asText()).isEqualTo("unknown_queue");
        assertThat(restricted.statusCode()).isEqualTo(403);
        assertThat(parse(restricted.body()).path("error").asText()).isEqualTo("restricted_queue");
        assertThat(noCustomer.statusCode()).isEqualTo(400);
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(noToken.statusCode()).isEqualTo(401);
        assertThat(route("conv-1", "sales", token).statusCode()).as("a refused conversation is not routed").isEqualTo(201);
        JsonNode stats = get("/routing/stats");
        assertThat(stats.path("calls").asInt()).isEqualTo(6);
        assertThat(stats.path("routed").asInt()).isEqualTo(1);
        assertThat(stats.path("badRequests").asInt()).isEqualTo(3);
        assertThat(stats.path("forbidden").asInt()).isEqualTo(1);
    }

    @Test
    void shouldAnswer429WithRetryAfterWhenTaskRoutingFaultSwitchedOn() throws Exception {
        String token = token();
        sim.fault(Map.of("target", "task-routing", "status", 429, "times", 1, "retryAfter", 2));
        sim.fault(Map.of("target", "task-routing", "status", 429, "times", 1, "retryAfter", 30, "retryAfterForm", "date"));
        sim.fault(Map.of("target", "task-routing", "status", 503, "times", 1));

        HttpResponse<String> seconds = route("conv-9", "sales", token);
        HttpResponse<String> date = route("conv-9", "sales", token);
        HttpResponse<String> down = route("conv-9", "sales", token);
        HttpResponse<String> routed = route("conv-9", "sales", token);

        assertThat(seconds.statusCode()).isEqualTo(429);
        assertThat(seconds.headers().firstValue("Retry-After")).hasValue("2");
        assertThat(date.statusCode()).isEqualTo(429);
        ZonedDateTime retryAt = ZonedDateTime.parse(date.headers().firstValue("Retry-After").orElseThrow(),
                DateTimeFormatter.RFC_1123_DATE_TIME);
        assertThat(retryAt.toInstant()).isAfter(Instant.now().plusSeconds(20));
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(routed.statusCode()).isEqualTo(201);
        assertThat(get("/routing/tasks").path("calls")).allSatisfy(call ->
                assertThat(call.path("conversationId").asText()).isEqualTo("conv-9"))
                .extracting(call -> call.path("status").asInt()).containsExactly(429, 429, 503, 201);
    }

    @Test
    void shouldKeepOneRecordPerExternalIdWhenBatchRetried() throws Exception {
        String batch = Http.json(List.of(record("conv-1", "Hi"), record("conv-2", "Hello")));
        sim.fault(Map.of("target", "crm", "status", 503, "times", 1));

        HttpResponse<String> down = post(CRM, batch, "Bearer crm-secret");
        HttpResponse<String> accepted = post(CRM, batch, "Bearer crm-secret");
        HttpResponse<String> retried = post(CRM, batch, null);

        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(accepted.statusCode()).isEqualTo(200);
        assertThat(parse(accepted.body()).path("accepted").asInt()).isEqualTo(2);
        assertThat(retried.statusCode()).isEqualTo(200);
        JsonNode crm = get("/crm/batches");
        assertThat(crm.path("records").size()).isEqualTo(2);
        assertThat(crm.path("records").path("conv-2").path("last_message").asText()).isEqualTo("Hello");
        assertThat(crm.path("batches")).extracting(entry -> entry.path("size").asInt()).containsExactly(2, 2, 2);
        assertThat(crm.path("batches")).extracting(entry -> entry.path("authorized").asBoolean()).containsExactly(true, true, false);
        assertThat(crm.toString()).doesNotContain("crm-secret");
    }

    @Test
    void shouldAnswer400AndKeepNothingWhenBatchBodyBad() throws Exception {
        HttpResponse<String> object = post(CRM, Http.json(record("conv-1", "Hi")), null);
        HttpResponse<String> notJson = post(CRM, "not json", null);
        HttpResponse<String> noExternalId = post(CRM, Http.json(List.of(record("conv-1", "Hi"),
                Map.of("fingerprint", "fp-1", "last_message", "Hi", "queued_at", "2026-11-22T10:15:30.123Z"))), null);

        assertThat(List.of(object, notJson, noExternalId)).extracting(HttpResponse::statusCode).containsOnly(400);
        assertThat(get("/crm/batches").path("records").size()).isZero();
    }

    @Test
    void shouldRefuseAdminInputWhenItDoesNotFit() {
        String base = simulator.baseUrl() + "/_sim";

        assertThat(Http.post(base + "/guests/config", "{\"guestsPerSecond\":-1}").status()).isEqualTo(400);
        assertThat(Http.post(base + "/guests/config", "{\"speed\":3}").json().path("error").asText()).contains("speed");
        assertThat(Http.post(base + "/guests/send", "{\"frames\":[1]}").status()).isEqualTo(400);
        assertThat(Http.post(base + "/guests/send", "{\"messages\":[{\"text\":\"no conversation\"}]}").status()).isEqualTo(400);
        assertThat(Http.post(base + "/routing/config", "{\"badQueues\":\"sales\"}").status()).isEqualTo(400);
        assertThat(admin("/guests/config", Map.of()).path("guestsPerSecond").asInt()).isEqualTo(2);
        assertThat(get("/guests/stats").path("botFingerprints")).hasSize(2);
    }
}
