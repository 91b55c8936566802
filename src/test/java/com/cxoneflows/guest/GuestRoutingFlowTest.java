package com.cxoneflows.guest;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.cxoneflows.auth.TokenService;
import com.cxoneflows.simulator.CxoneSimulator;
import com.cxoneflows.simulator.SimulatorSettings;
import com.cxoneflows.store.Database;
import com.cxoneflows.testing.GuestWorld;
import com.cxoneflows.testing.Http;
import com.cxoneflows.testing.LogCapture;
import com.cxoneflows.testing.RunningProduct;
import com.cxoneflows.testing.SimulatorClient;
import com.cxoneflows.testing.Streams;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.slf4j.LoggerFactory;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static com.cxoneflows.testing.GuestWorld.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The guest-routing flow against the simulator's web-chat socket, Task Routing API and CRM: what is routed and
 * how, bad frames, the fingerprint limit, every Task Routing answer, the circuit breaker, CRM batches across a
 * restart, and dead letters replayed over JMX.
 */
class GuestRoutingFlowTest {

    private static final String CRM_SECRET = "crm-secret-7f3a9b";

    private RunningProduct product;
    private SimulatorClient sim;
    private GuestWorld guests;

    private void start(Map<String, String> overrides) {
        start(overrides, null, null);
    }

    /** Starts the product; with {@code simulatorUrl} on that simulator rather than its embedded one. */
    private void start(Map<String, String> overrides, Path dataDir, String simulatorUrl) {
        Map<String, String> properties = new HashMap<>();
        properties.put("cxone.contacts.enabled", "false");
        properties.put("cxone.agents.enabled", "false");
        properties.put("cxone.simulator.guest-traffic", "false");
        properties.put("cxone.guest.retry-delay", "50");
        properties.put("cxone.guest.max-retry-delay", "300");
        properties.put("cxone.guest.max-frame-bytes", "1024");
        properties.put("cxone.guest.rate-limit.max-messages", "3");
        properties.put("cxone.guest.routing.max-attempts", "3");
        properties.put("cxone.guest.routing.redelivery-delay", "100");
        properties.put("cxone.guest.routing.max-redelivery-delay", "400");
        properties.put("cxone.guest.routing.timeout", "1000");
        // the breaker stays out of the way except where a test sets it up
        properties.put("cxone.guest.breaker.minimum-calls", "1000");
        properties.put("cxone.guest.breaker.sliding-window", "1000");
        properties.put("crm.batch-size", "3");
        properties.put("crm.batch-timeout", "500");
        properties.put("crm.redelivery-delay", "100");
        properties.put("crm.max-redelivery-delay", "400");
        properties.put("crm.auth-header", "Authorization: Bearer " + CRM_SECRET);
        properties.putAll(overrides);
        product = dataDir == null ? RunningProduct.start(properties) : RunningProduct.start(properties, dataDir);
        sim = simulatorUrl == null ? product.simulator() : new SimulatorClient(simulatorUrl);
        guests = new GuestWorld(sim.baseUrl());
        await().atMost(Duration.ofSeconds(15)).until(() -> Streams.connected(product.url(""), "guest-routing"));
    }

    @AfterEach
    void stop() {
        if (product != null) {
            product.close();
        }
    }

    private JsonNode stats() {
        return Http.get(product.url("/api/guests/stats")).json();
    }

    private JsonNode stream() {
        return Streams.stream(product.url(""), "guest-routing");
    }

    private List<JsonNode> deadLetters() {
        List<JsonNode> letters = new ArrayList<>();
        Http.get(product.url("/api/dead-letters?flow=guest-routing")).json().path("deadLetters").forEach(letters::add);
        return letters;
    }

    private void awaitFinished(int conversations) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode stats = stats();
            assertThat(stats.path("routedConversations").asLong() + stats.path("deadLetteredConversations").asLong())
                    .isEqualTo(conversations);
            assertThat(stats.path("pending").asLong()).isZero();
        });
    }

    @Test
    void shouldDeleteRoutedConversationsAfterTheRetentionAndStillCountThem() {
        start(Map.of("cxone.guest.inbox.keep-routed", "1ms", "cxone.guest.inbox.purge-interval", "200"));
        guests.send(List.of(message("conv-kept-briefly", "fp-guest-1", "Hi, my order is late", null)));
        awaitFinished(1);

        await().atMost(Duration.ofSeconds(10)).until(() -> inboxRows() == 0);
        assertThat(stats().path("routedConversations").asLong()).isEqualTo(1);
        assertThat(stats().path("pending").asLong()).isZero();

        // its row gone, a later message starts the conversation anew: Task Routing knows it (409), routed again
        guests.send(List.of(message("conv-kept-briefly", "fp-guest-1", "Hello? Anyone?", null)));
        awaitFinished(2);
        assertThat(guests.calls("conv-kept-briefly")).hasSize(2);
    }

    private long inboxRows() {
        return product.bean("database", Database.class).inTransaction(connection -> {
            try (var count = connection.prepareStatement("SELECT COUNT(*) FROM guest_inbox"); var row = count.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        });
    }

    @Test
    void shouldRouteEachConversationOnceAndBatchItForTheCrm() {
        start(Map.of());
        guests.send(List.of(
                message("conv-a", "fp-guest-1", "Hi, my order is late", null),
                message("conv-b", "fp-guest-2", "I was charged twice", "billing"),
                message("conv-a", "fp-guest-1", "Hello? Anyone?", null),
                message("conv-c", "fp-guest-3", "Do you ship abroad?", "sales")));

        awaitFinished(3);
        Map<String, JsonNode> tasks = guests.tasks();
        assertThat(tasks).containsOnlyKeys("conv-a", "conv-b", "conv-c");
        assertThat(guests.calls("conv-a")).hasSize(1);
        JsonNode body = tasks.get("conv-a").path("body");
        assertThat(body.path("type").asText()).isEqualTo("webchat");
        assertThat(body.path("queueId").asText()).isEqualTo("general-support");
        assertThat(body.path("customer").path("id").asText()).isEqualTo("conv-a");
        assertThat(body.path("customer").path("firstName").asText()).isEqualTo("Guest");
        assertThat(body.path("customer").path("lastName").asText()).isEqualTo("fp-guest-1");
        assertThat(body.path("customer").path("email").asText()).isEqualTo("guest_conv-a@temp.cxone.com");
        assertThat(body.path("media").path("webchat").path("message").asText()).isEqualTo("Hi, my order is late");
        assertThat(tasks.get("conv-b").path("queueId").asText()).isEqualTo("billing");

        JsonNode stats = stats();
        assertThat(stats.path("received").asLong()).isEqualTo(4);
        assertThat(stats.path("accepted").asLong()).isEqualTo(4);
        assertThat(stats.path("routedConversations").asLong()).isEqualTo(3);
        assertThat(stats.path("slaLatencyMs").path("max").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(stats.path("slaLatencyMs").has("p99")).isTrue();

        await().atMost(Duration.ofSeconds(10)).until(() -> guests.crmRecords().size() == 3);
        JsonNode record = guests.crmRecords().get("conv-a");
        assertThat(record.path("fingerprint").asText()).isEqualTo("fp-guest-1");
        assertThat(record.path("last_message").asText()).isEqualTo("Hi, my order is late");
        assertThat(record.path("queued_at").asText()).endsWith("Z");
        assertThat(guests.crmBatches()).hasSize(1);
        assertThat(guests.crmBatches().get(0).path("size").asInt()).isEqualTo(3);
        assertThat(guests.crmBatches().get(0).path("authorized").asBoolean()).isTrue();
        await().until(() -> stats().path("crmRecords").asLong() == 3);
        assertThat(stats().path("crmBatches").asLong()).isEqualTo(1);
        assertThat(Http.get(product.url("/observe/metrics")).body())
                .contains("cxone_guest_received_total 4.0", "cxone_guest_crm_records_total 3.0", "cxone_guest_sla_seconds_count 3");
    }

    @Test
    void shouldRouteAgainAConversationLeftUnfinishedWhileNothingRoutesIt() throws Exception {
        start(Map.of("cxone.guest.redrive-after", "1s", "cxone.guest.redrive-interval", "300"));
        // a conversation whose dead-letter path failed: PENDING in the inbox, and no exchange routing it
        try (var connection = product.bean("dataSource", javax.sql.DataSource.class).getConnection();
             var insert = connection.prepareStatement("INSERT INTO guest_inbox (conversation_id, fingerprint, queue_id, "
                     + "message, received_at, messages, status) VALUES ('conv-stuck', 'fp-1', 'billing', 'Hi', ?, 1, 'PENDING')")) {
            insert.setObject(1, java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).minusMinutes(1));
            insert.executeUpdate();
        }
        awaitFinished(1);
        assertThat(guests.tasks()).containsOnlyKeys("conv-stuck");
        assertThat(guests.tasks().get("conv-stuck").path("queueId").asText()).isEqualTo("billing");
        assertThat(guests.calls("conv-stuck")).hasSize(1);

        // one in redelivery for longer than redrive-after is in flight: left to its redelivery, not sent twice
        sim.fault(Map.of("target", "task-routing", "status", 503, "times", 1, "retryAfter", 3));
        guests.send(List.of(message("conv-slow", "fp-2", "Hi", null)));
        awaitFinished(2);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> guests.calls("conv-slow").size() == 2);
        assertThat(guests.calls("conv-slow")).extracting(call -> call.path("status").asInt()).containsExactly(503, 201);
    }

    @Test
    void shouldRefuseToStartWithoutACrmUrl() {
        assertThatThrownBy(() -> RunningProduct.start(Map.of("cxone.simulator.enabled", "false",
                "cxone.api-base-url", "http://127.0.0.1:9", "cxone.auth.client-id", "id", "cxone.auth.client-secret", "secret",
                "cxone.contacts.enabled", "false", "cxone.agents.enabled", "false")))
                .hasStackTraceContaining("set crm.url, the CRM batch endpoint of the guest-routing flow");
    }

    @Test
    void shouldCountAndKeepBadFramesAndGoOnReading() {
        start(Map.of());
        String inbound = "{\"type\":\"message\",\"direction\":\"inbound\",";
        guests.sendFrames(List.of(
                "this is not json",
                inbound + "\"text\":\"no conversation\"}",
                inbound + "\"conversationId\":\"conv-empty\",\"text\":\"\"}",
                inbound + "\"conversationId\":\"conv-huge\",\"text\":\"" + "x".repeat(2000) + "\"}",
                "{\"type\":\"message\",\"direction\":\"outbound\",\"conversationId\":\"conv-reply\",\"text\":\"An agent reply\"}",
                "{\"type\":\"notice\",\"text\":\"The guest left the chat.\"}",
                inbound + "\"conversationId\":\"" + "c".repeat(300) + "\",\"text\":\"hi\"}"));
        // a NUL (which PostgreSQL cannot store) is dropped from the text; a long fingerprint is cut to 200 characters
        guests.send(List.of(message("conv-good", "fp-" + "x".repeat(300), "Hel\u0000lo", null)));

        awaitFinished(1);
        assertThat(guests.tasks()).containsOnlyKeys("conv-good");
        JsonNode task = guests.tasks().get("conv-good").path("body");
        assertThat(task.path("media").path("webchat").path("message").asText()).isEqualTo("Hello");
        assertThat(task.path("customer").path("lastName").asText()).hasSize(200);
        JsonNode stats = stats();
        assertThat(stats.path("received").asLong()).isEqualTo(8);
        assertThat(stats.path("badFrames").asLong()).isEqualTo(5);
        assertThat(stats.path("accepted").asLong()).isEqualTo(1);
        assertThat(stream().path("malformed").asLong()).isEqualTo(5);
        assertThat(stream().path("reconnects").asLong()).isZero();

        List<String> reasons = new ArrayList<>();
        Http.get(product.url("/api/rejected-events?flow=guest-routing")).json().path("rejectedEvents")
                .forEach(event -> reasons.add(event.path("reason").asText()));
        assertThat(reasons).containsExactlyInAnyOrder("not a JSON object", "no conversationId", "no non-empty text",
                "frame of 2079 bytes is over cxone.guest.max-frame-bytes (1024)",
                "conversationId longer than 200 characters or with control characters");
    }

    @Test
    void shouldCommitAndRouteAFramesBatchButItsBadFrameAndItsRateLimitedMessage() {
        start(Map.of("cxone.guest.max-batch", "50"));
        // pushed in one go, the frames reach the product's socket together and are read as one batch
        List<String> frames = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            frames.add(inbound("conv-bot-" + i, "fp-bot", "buy cheap watches " + i));
            frames.add(inbound("conv-guest-" + i, "fp-guest-" + i, "Where is my parcel?"));
        }
        frames.add(5, "{\"type\":\"message\",\"direction\":\"inbound\",\"conversationId\":");
        guests.sendFrames(frames);

        awaitFinished(7);
        assertThat(guests.tasks()).containsOnlyKeys("conv-bot-0", "conv-bot-1", "conv-bot-2",
                "conv-guest-0", "conv-guest-1", "conv-guest-2", "conv-guest-3");
        JsonNode stats = stats();
        assertThat(stats.path("received").asLong()).isEqualTo(9);
        assertThat(stats.path("badFrames").asLong()).isEqualTo(1);
        assertThat(stats.path("rateLimited").asLong()).isEqualTo(1);
        assertThat(stats.path("accepted").asLong()).isEqualTo(7);
        assertThat(Http.get(product.url("/api/rejected-events?flow=guest-routing")).json().path("rejectedEvents"))
                .extracting(event -> event.path("reason").asText()).containsExactly("not a JSON object");
    }

    private static String inbound(String conversationId, String fingerprint, String text) {
        return "{\"type\":\"message\",\"direction\":\"inbound\",\"conversationId\":\"" + conversationId + "\",\"text\":\""
                + text + "\",\"metadata\":{\"browserFingerprint\":\"" + fingerprint + "\"}}";
    }

    @Test
    void shouldRejectABotOverItsWindowWhileOtherGuestsPass() {
        start(Map.of());
        List<Map<String, Object>> messages = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            messages.add(message("conv-bot-" + i, "fp-bot", "buy cheap watches " + i, null));
            if (i < 2) {
                messages.add(message("conv-human-" + i, "fp-human", "Where is my refund?", null));
            }
        }
        guests.send(messages);

        awaitFinished(5);
        assertThat(guests.tasks()).containsOnlyKeys("conv-bot-0", "conv-bot-1", "conv-bot-2", "conv-human-0", "conv-human-1");
        JsonNode stats = stats();
        assertThat(stats.path("rateLimited").asLong()).isEqualTo(3);
        assertThat(stats.path("topRateLimited").get(0).path("fingerprint").asText()).isEqualTo("fp-bot");
        assertThat(stats.path("topRateLimited").get(0).path("count").asLong()).isEqualTo(3);
        assertThat(stats.path("topRateLimited")).hasSize(1);
    }

    @Test
    void shouldKeepABotInTopRateLimitedAfterTheLimiterForgotIt() {
        start(Map.of("cxone.guest.rate-limit.window", "2s"));
        List<Map<String, Object>> messages = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            messages.add(message("conv-bot-" + i, "fp-bot", "buy cheap watches " + i, null));
        }
        guests.send(messages);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode stats = stats();
            assertThat(stats.path("accepted").asLong() + stats.path("rateLimited").asLong()).isEqualTo(8);
        });
        long rejected = stats().path("rateLimited").asLong();
        assertThat(rejected).isPositive();

        // the limiter forgets the bot one window after its last message
        await().atMost(Duration.ofSeconds(20)).until(() -> stats().path("trackedFingerprints").asLong() == 0);
        JsonNode top = stats().path("topRateLimited");
        assertThat(top).hasSize(1);
        assertThat(top.get(0).path("fingerprint").asText()).isEqualTo("fp-bot");
        assertThat(top.get(0).path("count").asLong()).isEqualTo(rejected);
    }

    @Test
    void shouldKeepTheLimiterWithinItsBoundUnderAFloodOfFingerprints() {
        start(Map.of("cxone.guest.rate-limit.max-fingerprints", "100", "crm.batch-size", "500"));
        List<Map<String, Object>> flood = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            flood.add(message("conv-flood-" + i, "fp-spoofed-" + i, "hi", null));
        }
        guests.send(flood);

        await().atMost(Duration.ofSeconds(60)).until(() -> stats().path("accepted").asLong() == 2000);
        assertThat(stats().path("trackedFingerprints").asLong()).isLessThanOrEqualTo(100);
        assertThat(stats().path("rateLimited").asLong()).isZero();
    }

    @Test
    void shouldTreatAlreadyRoutedAsSuccessAndRenewATokenOn401() throws Exception {
        start(Map.of());
        // conv-known was routed by someone else before the product saw it
        String token = product.bean("tokenService", TokenService.class).token().value();
        Http.Response routed = routeDirectly("conv-known", token);
        assertThat(routed.status()).isEqualTo(201);
        long tokenRequests = product.bean("tokenService", TokenService.class).getTokenRequests();
        sim.fault(Map.of("target", "task-routing", "status", 401, "times", 1));

        guests.send(List.of(message("conv-known", "fp-1", "Hello again", null), message("conv-new", "fp-2", "Hi", null)));

        awaitFinished(2);
        assertThat(deadLetters()).isEmpty();
        List<Integer> statuses = new ArrayList<>();
        guests.allCalls().forEach(call -> statuses.add(call.path("status").asInt()));
        // the direct call, then 401 (token renewed), 409 and 201 in either order
        assertThat(statuses).hasSize(4).containsOnly(201, 401, 409, 201);
        assertThat(statuses.subList(1, 4)).contains(401, 409, 201);
        assertThat(product.bean("tokenService", TokenService.class).getTokenRequests()).isGreaterThan(tokenRequests);
    }

    private Http.Response routeDirectly(String conversationId, String token) throws Exception {
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(sim.baseUrl() + "/api/v2/routing/conversations"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(Http.json(Map.of("type", "webchat",
                        "queueId", "general-support", "customer", Map.of("id", conversationId)))))
                .build();
        var response = java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
        return new Http.Response(response.statusCode(), response.body(), "application/json");
    }

    @Test
    void shouldDeadLetterRefusedQueuesAtOnceWithTheirReasons() {
        start(Map.of());
        guests.queues(List.of("q-gone"), List.of("q-vip"));
        guests.send(List.of(message("conv-400", "fp-1", "Hi", "q-gone"), message("conv-403", "fp-2", "Hi", "q-vip")));

        awaitFinished(2);
        assertThat(stats().path("deadLetteredConversations").asLong()).isEqualTo(2);
        assertThat(guests.calls("conv-400")).hasSize(1);
        assertThat(guests.calls("conv-403")).hasSize(1);
        Map<Integer, JsonNode> byStatus = new HashMap<>();
        deadLetters().forEach(letter -> byStatus.put(letter.path("httpStatus").asInt(), letter));
        assertThat(byStatus).containsOnlyKeys(400, 403);
        assertThat(byStatus.get(400).path("reason").asText())
                .isEqualTo("Task Routing refused conversation conv-400 for queue q-gone: 400 unknown_queue");
        assertThat(byStatus.get(403).path("reason").asText()).contains("conv-403", "403 restricted_queue");
        assertThat(byStatus.get(400).path("attempts").asInt()).isEqualTo(1);
    }

    @Test
    void shouldWaitForRetryAfterInBothForms() {
        start(Map.of());
        sim.fault(Map.of("target", "task-routing", "status", 429, "times", 1, "retryAfter", 2, "retryAfterForm", "seconds"));
        guests.send(List.of(message("conv-429s", "fp-1", "Hi", null)));
        awaitFinished(1);
        List<JsonNode> calls = guests.calls("conv-429s");
        assertThat(calls).extracting(call -> call.path("status").asInt()).containsExactly(429, 201);
        assertThat(gap(calls)).isGreaterThanOrEqualTo(2000);

        sim.fault(Map.of("target", "task-routing", "status", 429, "times", 1, "retryAfter", 2, "retryAfterForm", "date"));
        guests.send(List.of(message("conv-429d", "fp-2", "Hi", null)));
        awaitFinished(2);
        calls = guests.calls("conv-429d");
        assertThat(calls).extracting(call -> call.path("status").asInt()).containsExactly(429, 201);
        // an HTTP date has whole seconds: two seconds ahead is at least one second away
        assertThat(gap(calls)).isGreaterThanOrEqualTo(1000);
    }

    private static long gap(List<JsonNode> calls) {
        return calls.get(1).path("atMillis").asLong() - calls.get(0).path("atMillis").asLong();
    }

    @Test
    void shouldRetryServerErrorsAndTimeoutsWithBackoffWithoutRoutingTwice() {
        start(Map.of());
        sim.fault(Map.of("target", "task-routing", "status", 503, "times", 2));
        guests.send(List.of(message("conv-503", "fp-1", "Hi", null)));
        awaitFinished(1);
        assertThat(guests.calls("conv-503")).extracting(call -> call.path("status").asInt()).containsExactly(503, 503, 201);

        // slower than cxone.guest.routing.timeout: the server routes it, the product retries and gets 409
        sim.fault(Map.of("target", "task-routing", "status", 0, "times", 1, "delayMs", 1500));
        guests.send(List.of(message("conv-slow", "fp-2", "Hi", null)));
        awaitFinished(2);
        // the first call timed out on the product's side; whether the server routed it or not, once is all
        assertThat(guests.calls("conv-slow")).hasSize(2);
        assertThat(guests.calls("conv-slow").get(1).path("status").asInt()).isIn(201, 409);
        assertThat(guests.tasks()).containsKey("conv-slow");
        assertThat(deadLetters()).isEmpty();
    }

    @Test
    void shouldDeadLetterAfterMaxAttemptsAndReplayOverJmx() throws Exception {
        start(Map.of());
        sim.fault(Map.of("target", "task-routing", "status", 503, "times", -1));
        guests.send(List.of(message("conv-down", "fp-1", "Hi, my order is late", null)));

        awaitFinished(1);
        assertThat(guests.calls("conv-down")).hasSize(3);
        JsonNode letter = deadLetters().get(0);
        assertThat(letter.path("httpStatus").asInt()).isEqualTo(503);
        assertThat(letter.path("attempts").asInt()).isEqualTo(3);
        assertThat(letter.path("body").asText()).contains("conv-down");

        sim.clearFaults();
        MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
        ObjectName queue = new ObjectName("org.apache.camel:context=cxone-flows,type=services,name=DeadLetterQueue");
        String outcome = String.valueOf(mbeans.invoke(queue, "replay", new Object[] {letter.path("id").asLong()},
                new String[] {"long"}));
        assertThat(outcome).contains("replayed");
        assertThat(guests.tasks()).containsKey("conv-down");
        assertThat(deadLetters()).isEmpty();
        JsonNode stats = stats();
        assertThat(stats.path("routedConversations").asLong()).isEqualTo(1);
        assertThat(stats.path("deadLetteredConversations").asLong()).isZero();
    }

    @Test
    void shouldRouteEveryLegitimateConversationOnceUnderMixedFaults() {
        start(Map.of("cxone.guest.routing.max-attempts", "10"));
        for (Map<String, Object> fault : List.<Map<String, Object>>of(
                Map.of("target", "task-routing", "status", 503, "times", 2),
                Map.of("target", "task-routing", "status", 429, "times", 1, "retryAfter", 1),
                Map.of("target", "task-routing", "status", 401, "times", 1),
                Map.of("target", "task-routing", "status", 500, "times", 2),
                Map.of("target", "task-routing", "status", 0, "times", 1, "delayMs", 1500),
                Map.of("target", "task-routing", "status", 502, "times", 1),
                Map.of("target", "task-routing", "status", 429, "times", 1, "retryAfter", 1, "retryAfterForm", "date"))) {
            sim.fault(fault);
        }
        List<Map<String, Object>> messages = new ArrayList<>();
        List<String> legitimate = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            messages.add(message("conv-mixed-" + i, "fp-guest-" + (i % 15), "Hi " + i, i % 3 == 0 ? "billing" : null));
            legitimate.add("conv-mixed-" + i);
            if (i % 4 == 0) {
                messages.add(message("conv-bot-" + i, "fp-bot", "cheap watches", null));
            }
        }
        guests.send(messages);

        // 8 bot messages against a window of 3
        awaitFinished(33);
        Map<String, JsonNode> tasks = guests.tasks();
        assertThat(tasks.keySet()).containsAll(legitimate).hasSize(33);
        for (String conversation : tasks.keySet()) {
            long routed = guests.calls(conversation).stream().filter(call -> call.path("status").asInt() == 201).count();
            assertThat(routed).as("201 answers for " + conversation).isEqualTo(1);
        }
        assertThat(stats().path("rateLimited").asLong()).isEqualTo(5);
        assertThat(deadLetters()).isEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> guests.crmRecords().keySet().containsAll(tasks.keySet()));
    }

    @Test
    void shouldNeverLoseAConversationToAnOpenCircuitBreaker() {
        start(Map.of("cxone.guest.breaker.minimum-calls", "4", "cxone.guest.breaker.sliding-window", "4",
                "cxone.guest.breaker.wait-in-open-seconds", "1", "cxone.guest.breaker.half-open-calls", "2",
                "cxone.guest.routing.max-attempts", "4"));
        sim.fault(Map.of("target", "task-routing", "status", 503, "times", -1));
        List<Map<String, Object>> messages = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            messages.add(message("conv-cb-" + i, "fp-" + i, "Hi", null));
        }
        guests.send(messages);

        await().atMost(Duration.ofSeconds(15)).until(() ->
                stats().path("circuitBreaker").path("notPermittedCalls").asLong() > 0);
        sim.clearFaults();

        awaitFinished(10);
        Map<String, JsonNode> tasks = guests.tasks();
        long deadLettered = stats().path("deadLetteredConversations").asLong();
        assertThat(tasks.size() + deadLettered).isEqualTo(10);
        assertThat(deadLetters()).hasSize((int) deadLettered);
        for (int i = 0; i < 10; i++) {
            long failed = guests.calls("conv-cb-" + i).stream().filter(call -> call.path("status").asInt() == 503).count();
            assertThat(failed).as("503 calls of conv-cb-" + i).isLessThanOrEqualTo(4);
        }
    }

    @Test
    void shouldRetryCrmBatchesDeadLetterRefusedOnesAndNeverLeakTheCrmHeader() throws Exception {
        Logger flows = (Logger) LoggerFactory.getLogger("com.cxoneflows");
        Level level = flows.getLevel();
        flows.setLevel(Level.DEBUG);
        try (LogCapture logs = LogCapture.attach()) {
            crmBatchesWithFaults();
            String token = product.bean("tokenService", TokenService.class).token().value();
            assertThat(logs.text()).contains("Routed conversation conv-1").doesNotContain(CRM_SECRET).doesNotContain(token);
        } finally {
            flows.setLevel(level);
        }
    }

    private void crmBatchesWithFaults() {
        start(Map.of());
        sim.fault(Map.of("target", "task-routing", "status", 401, "times", 1));
        sim.fault(Map.of("target", "crm", "status", 503, "times", 1));
        guests.send(List.of(message("conv-1", "fp-1", "Hi", null), message("conv-2", "fp-2", "Hi", null),
                message("conv-3", "fp-3", "Hi", null)));
        await().atMost(Duration.ofSeconds(10)).until(() -> guests.crmRecords().size() == 3);
        assertThat(guests.crmBatches()).extracting(batch -> batch.path("status").asInt()).containsExactly(503, 200);

        sim.fault(Map.of("target", "crm", "status", 400, "times", 1));
        guests.send(List.of(message("conv-4", "fp-4", "Hi", null)));
        await().atMost(Duration.ofSeconds(10)).until(() -> !Http.get(product.url("/api/dead-letters")).json()
                .path("deadLetters").isEmpty());
        JsonNode letter = Http.get(product.url("/api/dead-letters")).json().path("deadLetters").get(0);
        assertThat(letter.path("httpStatus").asInt()).isEqualTo(400);
        assertThat(letter.path("attempts").asInt()).isEqualTo(1);
        assertThat(letter.path("body").asText()).contains("conv-4");
        String shown = Http.get(product.url("/api/dead-letters/" + letter.path("id").asLong())).body();
        assertThat(shown).doesNotContain(CRM_SECRET);

        Http.Response replay = Http.post(product.url("/api/dead-letters/" + letter.path("id").asLong() + "/replay"), "");
        assertThat(replay.status()).as(replay.body()).isEqualTo(200);
        assertThat(guests.crmRecords()).containsKey("conv-4");
        assertThat(Http.get(product.url("/api/guests/stats")).body()).doesNotContain(CRM_SECRET);
    }

    @Test
    void shouldKeepAPendingCrmBatchAcrossARestart() {
        try (CxoneSimulator outside = CxoneSimulator.start(SimulatorSettings.defaults(0))) {
            outside.guestTraffic(false);
            Map<String, String> onOutside = new HashMap<>(Map.of("cxone.simulator.enabled", "false",
                    "cxone.api-base-url", outside.baseUrl(), "cxone.ws-base-url", outside.wsBaseUrl(),
                    "crm.url", outside.baseUrl() + "/crm/v1/batches",
                    "cxone.auth.client-id", SimulatorSettings.DEMO_CLIENT_ID,
                    "cxone.auth.client-secret", SimulatorSettings.DEMO_CLIENT_SECRET,
                    "crm.batch-size", "3", "crm.batch-timeout", "600000"));
            start(onOutside, null, outside.baseUrl());
            guests.send(List.of(message("conv-x", "fp-1", "Hi", null), message("conv-y", "fp-2", "Hi", null)));
            awaitFinished(2);
            Path dataDir = product.dataDir();
            product.close();
            product = null;
            assertThat(guests.crmRecords()).isEmpty();

            // the third record completes the batch that waited in the store across the restart
            start(onOutside, dataDir, outside.baseUrl());
            guests.send(List.of(message("conv-z", "fp-3", "Hi", null)));
            await().atMost(Duration.ofSeconds(15)).until(() -> guests.crmRecords().size() == 3);
            assertThat(guests.crmRecords()).containsOnlyKeys("conv-x", "conv-y", "conv-z");
            assertThat(guests.crmBatches()).hasSize(1);
        }
    }
}
