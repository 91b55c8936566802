package com.cxoneflows.auth;

import com.cxoneflows.http.Backoff;
import com.cxoneflows.simulator.CxoneSimulator;
import com.cxoneflows.simulator.SimulatorSettings;
import com.cxoneflows.testing.Http;
import com.cxoneflows.testing.SimulatorClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The token lifecycle of contract §1 against the simulator's real token endpoint. */
class TokenServiceTest {

    private CxoneSimulator simulator;
    private SimulatorClient sim;
    private final List<TokenService> services = new ArrayList<>();

    @BeforeEach
    void startSimulator() {
        simulator = CxoneSimulator.start(SimulatorSettings.defaults(0));
        sim = new SimulatorClient(simulator.baseUrl());
    }

    @AfterEach
    void stop() {
        services.forEach(TokenService::stop);
        simulator.close();
    }

    private TokenService tokens(String clientSecret, Duration refreshBefore, Duration invalidClientRetry) {
        return tokens(URI.create(simulator.baseUrl() + "/oauth/v2/token"), clientSecret, refreshBefore, invalidClientRetry);
    }

    private TokenService tokens(URI tokenUrl, String clientSecret, Duration refreshBefore, Duration invalidClientRetry) {
        AuthSettings settings = new AuthSettings(tokenUrl,
                GrantType.CLIENT_CREDENTIALS, SimulatorSettings.DEMO_CLIENT_ID, clientSecret, "realtime", null, null,
                refreshBefore, Duration.ofSeconds(5), Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(2)),
                invalidClientRetry);
        TokenService service = new TokenService(settings, Clock.systemUTC());
        services.add(service);
        return service;
    }

    private TokenService tokens() {
        return tokens(SimulatorSettings.DEMO_CLIENT_SECRET, Duration.ofSeconds(30), Duration.ofMinutes(5));
    }

    private List<JsonNode> tokenRequests() {
        return sim.requests("/oauth/v2/token");
    }

    @Test
    void shouldReuseCachedTokenWhenStillValid() {
        TokenService tokens = tokens();
        String first = tokens.token().value();
        String second = tokens.token().value();

        assertThat(second).isEqualTo(first);
        assertThat(tokenRequests()).hasSize(1);
    }

    @Test
    void shouldSendExactlyOneRequestWhenFiftyCallersAskAtOnce() throws Exception {
        // A slow token endpoint keeps the first request open while the others arrive.
        sim.fault(Map.of("target", "token", "status", 0, "times", 1, "delayMs", 500));
        TokenService tokens = tokens();
        ExecutorService callers = Executors.newFixedThreadPool(50);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> answers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            answers.add(callers.submit(() -> {
                go.await();
                return tokens.token().value();
            }));
        }
        go.countDown();
        Set<String> values = ConcurrentHashMap.newKeySet();
        for (Future<String> answer : answers) {
            values.add(answer.get(10, TimeUnit.SECONDS));
        }
        callers.shutdownNow();

        assertThat(values).hasSize(1);
        assertThat(tokenRequests()).hasSize(1);
    }

    @Test
    void shouldRenewBeforeExpiryWhenLessThanTheMarginRemains() {
        sim.configure(Map.of("tokenLifetimeSeconds", 4));
        TokenService tokens = tokens();
        AccessToken first = tokens.token();
        // refresh-before is 30 s, but half of a 4 s lifetime (2 s) is the smaller margin
        assertThat(Duration.between(first.renewAt(), first.expiresAt())).isEqualTo(Duration.ofSeconds(2));

        await().atMost(Duration.ofSeconds(5)).until(() -> !tokens.token().value().equals(first.value()));
        AccessToken renewed = tokens.token();

        assertThat(tokenRequests()).hasSize(2);
        assertThat(tokenRequests().get(1).path("atMillis").asLong()).isLessThan(first.expiresAt().toEpochMilli());
        assertThat(probe(renewed.value())).isEqualTo(200);
    }

    @Test
    void shouldRenewOnceWhenAnInterfaceAnswers401() {
        TokenService tokens = tokens();
        String first = tokens.token().value();
        sim.revokeTokens();
        assertThat(probe(first)).isEqualTo(401);

        tokens.invalidate(first);
        tokens.invalidate(first); // a second caller failing with the same stale token
        String second = tokens.token().value();

        assertThat(second).isNotEqualTo(first);
        assertThat(probe(second)).isEqualTo(200);
        assertThat(tokenRequests()).hasSize(2);
        assertThat(tokens.getForcedRenewals()).isEqualTo(1);
    }

    @Test
    void shouldWaitForRetryAfterSecondsWhenRateLimited() throws Exception {
        sim.fault(Map.of("target", "token", "status", 429, "times", 1, "retryAfter", 2, "retryAfterForm", "seconds"));
        TokenService tokens = tokens();
        ExecutorService callers = Executors.newFixedThreadPool(10);
        List<Future<String>> answers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            answers.add(callers.submit(() -> tokens.token(Duration.ofSeconds(10)).value()));
        }
        for (Future<String> answer : answers) {
            assertThat(answer.get(10, TimeUnit.SECONDS)).isNotEmpty();
        }
        callers.shutdownNow();

        List<JsonNode> requests = tokenRequests();
        assertThat(requests).hasSize(2);
        assertThat(requests.get(0).path("status").asInt()).isEqualTo(429);
        assertThat(gapMillis(requests, 0)).isGreaterThanOrEqualTo(2000);
    }

    @Test
    void shouldWaitUntilRetryAfterDateWhenRateLimited() {
        sim.fault(Map.of("target", "token", "status", 429, "times", 1, "retryAfter", 3, "retryAfterForm", "date"));
        TokenService tokens = tokens();

        assertThat(tokens.token(Duration.ofSeconds(10)).value()).isNotEmpty();

        List<JsonNode> requests = tokenRequests();
        assertThat(requests).hasSize(2);
        // The date has whole seconds: it lies between 2 and 3 s after the refusal.
        long refusedAt = requests.get(0).path("atMillis").asLong();
        long retryDate = (refusedAt / 1000 + 3) * 1000;
        assertThat(requests.get(1).path("atMillis").asLong()).isGreaterThanOrEqualTo(retryDate - 1);
    }

    @Test
    void shouldBackOffExponentiallyWhenTheEndpointFails() {
        sim.fault(Map.of("target", "token", "status", 503, "times", 3));
        TokenService tokens = tokens();

        assertThat(tokens.token(Duration.ofSeconds(10)).value()).isNotEmpty();

        List<JsonNode> requests = tokenRequests();
        assertThat(requests).extracting(r -> r.path("status").asInt()).containsExactly(503, 503, 503, 200);
        // base 100 ms, doubling, jitter keeps at least half of each step
        assertThat(gapMillis(requests, 0)).isGreaterThanOrEqualTo(50);
        assertThat(gapMillis(requests, 1)).isGreaterThanOrEqualTo(100);
        assertThat(gapMillis(requests, 2)).isGreaterThanOrEqualTo(200);
    }

    @Test
    void shouldReportInvalidClientOnceAndRetryOnlyAfterTheInterval() {
        TokenService tokens = tokens("wrong-secret-value", Duration.ofSeconds(30), Duration.ofSeconds(2));

        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(tokens::token).isInstanceOf(InvalidClientException.class)
                    .hasMessageContaining("cxone.auth.client-secret")
                    .hasMessageNotContaining("wrong-secret-value");
        }
        assertThat(tokenRequests()).hasSize(1);
        assertThat(tokens.credentialsRejected()).contains("cxone.auth.client-id");

        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            assertThatThrownBy(tokens::token).isInstanceOf(InvalidClientException.class);
            assertThat(tokenRequests()).hasSize(2);
        });
    }

    @Test
    void shouldAskAgainAtOnceWhenAnOperatorRenewsWhileCredentialsAreRejected() {
        // the client is disabled at the identity provider, then enabled again: no restart, no 5-minute wait
        sim.fault(Map.of("target", "token", "status", 401, "times", 1, "body", "{\"error\":\"invalid_client\"}"));
        TokenService tokens = tokens(SimulatorSettings.DEMO_CLIENT_SECRET, Duration.ofSeconds(30), Duration.ofSeconds(300));
        assertThatThrownBy(tokens::token).isInstanceOf(InvalidClientException.class);
        assertThatThrownBy(tokens::token).isInstanceOf(InvalidClientException.class);
        assertThat(tokenRequests()).hasSize(1);

        tokens.renewNow();

        assertThat(tokens.token().value()).isNotEmpty();
        assertThat(tokenRequests()).hasSize(2);
        assertThat(tokens.credentialsRejected()).isNull();
    }

    @Test
    void shouldTakeA401WithoutTheInvalidClientCodeAsRejectedCredentialsToo() {
        sim.fault(Map.of("target", "token", "status", 401, "times", 10, "body", "{}"));
        TokenService tokens = tokens(SimulatorSettings.DEMO_CLIENT_SECRET, Duration.ofSeconds(30), Duration.ofSeconds(60));

        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(tokens::token).isInstanceOf(InvalidClientException.class);
        }
        assertThat(tokenRequests()).hasSize(1);
    }

    @Test
    void shouldGetTokenWithAccessKeysWhenGrantIsPassword() {
        AuthSettings settings = new AuthSettings(URI.create(simulator.baseUrl() + "/oauth/v2/token"), GrantType.PASSWORD,
                SimulatorSettings.DEMO_CLIENT_ID, SimulatorSettings.DEMO_CLIENT_SECRET, null,
                SimulatorSettings.DEMO_ACCESS_KEY_ID, SimulatorSettings.DEMO_ACCESS_KEY_SECRET, Duration.ofSeconds(30),
                Duration.ofSeconds(5), Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(1)), Duration.ofMinutes(5));
        TokenService tokens = new TokenService(settings, Clock.systemUTC());
        services.add(tokens);

        assertThat(probe(tokens.token().value())).isEqualTo(200);
        assertThat(tokenRequests().get(0).path("detail").path("grant").asText()).isEqualTo("password");
    }

    /** A cleartext server that answers an unknown upgrade with an error (as a Node http server with a WebSocket handler does). */
    @Test
    void shouldGetTokenOverHttp11WhenTheServerRefusesTheH2cUpgrade() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/oauth/v2/token", exchange -> {
            exchange.getRequestBody().readAllBytes();
            boolean upgrade = exchange.getRequestHeaders().getOrDefault("Upgrade", List.of()).stream()
                    .anyMatch(value -> value.toLowerCase(Locale.ROOT).contains("h2c"));
            byte[] body = (upgrade ? "{\"error\":\"not_found\"}"
                    : "{\"access_token\":\"cleartext-token\",\"token_type\":\"Bearer\",\"expires_in\":3600}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(upgrade ? 404 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            TokenService tokens = tokens(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/oauth/v2/token"),
                    SimulatorSettings.DEMO_CLIENT_SECRET, Duration.ofSeconds(30), Duration.ofMinutes(5));

            assertThat(tokens.token(Duration.ofSeconds(5)).value()).isEqualTo("cleartext-token");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void shouldNeverShowSecretsWhenPrinted() {
        TokenService tokens = tokens();
        AccessToken token = tokens.token();

        assertThat(token.toString()).doesNotContain(token.value());
        assertThat(tokens(SimulatorSettings.DEMO_CLIENT_SECRET, Duration.ofSeconds(1), Duration.ofSeconds(1)).toString())
                .doesNotContain(SimulatorSettings.DEMO_CLIENT_SECRET);
    }

    private static long gapMillis(List<JsonNode> requests, int index) {
        return requests.get(index + 1).path("atMillis").asLong() - requests.get(index).path("atMillis").asLong();
    }

    private int probe(String token) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/_sim/probe"))
                            .header("Authorization", "Bearer " + token).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
