package com.cxoneflows.auth;

import com.cxoneflows.http.RetryAfter;
import com.cxoneflows.secret.Secrets;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One request to the token endpoint (contract §1) and what its answer means. HTTP/1.1 on {@code http://}: the
 * JDK client's default would offer an {@code h2c} upgrade on every cleartext request, and a server that answers
 * an unknown upgrade with an error (a Node {@code http} server with a WebSocket upgrade handler answers 404) would
 * keep the product from ever getting a token. HTTP/2 stays on over {@code https://}, negotiated by TLS.
 */
final class TokenEndpointClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DEFAULT_LIFETIME = Duration.ofHours(1);

    /** The outcome of one request: a token, rejected credentials, or a transient failure with its wait. */
    record Attempt(AccessToken token, boolean credentialsRejected, String description, Optional<Duration> retryAfter) {

        static Attempt issued(AccessToken token) {
            return new Attempt(token, false, "issued", Optional.empty());
        }

        static Attempt rejected(String description) {
            return new Attempt(null, true, description, Optional.empty());
        }

        static Attempt transientFailure(String description, Optional<Duration> retryAfter) {
            return new Attempt(null, false, description, retryAfter);
        }
    }

    private final AuthSettings settings;
    private final Clock clock;
    private final HttpClient http;

    TokenEndpointClient(AuthSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        boolean cleartext = "http".equalsIgnoreCase(settings.tokenUrl().getScheme());
        this.http = HttpClient.newBuilder()
                .version(cleartext ? HttpClient.Version.HTTP_1_1 : HttpClient.Version.HTTP_2)
                .connectTimeout(settings.requestTimeout())
                .build();
    }

    /** Sends one token request; interrupted, it throws {@link TokenUnavailableException}. */
    Attempt request() {
        Instant sentAt = clock.instant();
        HttpResponse<String> response;
        try {
            response = http.send(buildRequest(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return Attempt.transientFailure("unreachable (" + e.getClass().getSimpleName() + ")", Optional.empty());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TokenUnavailableException("stopped during a token request");
        }
        int status = response.statusCode();
        if (status == 200) {
            return parseToken(response.body(), sentAt);
        }
        Optional<Duration> retryAfter = response.headers().firstValue("Retry-After")
                .flatMap(value -> RetryAfter.parse(value, clock));
        if (status == 429) {
            return Attempt.transientFailure("answered 429", retryAfter.or(() -> Optional.of(settings.backoff().base())));
        }
        String error = errorCode(response.body());
        // contract §1: a 401 is wrong credentials, whatever its body says; a 400 or 403 when its error code says so
        if (status == 401 || (status == 400 || status == 403) && isCredentialError(error)) {
            return Attempt.rejected("answered " + status + (error.isEmpty() ? "" : " " + error));
        }
        return Attempt.transientFailure("answered " + status + (error.isEmpty() ? "" : " " + error), retryAfter);
    }

    private HttpRequest buildRequest() {
        Map<String, String> form = new LinkedHashMap<>();
        HttpRequest.Builder builder = HttpRequest.newBuilder(settings.tokenUrl())
                .timeout(settings.requestTimeout())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json");
        form.put("grant_type", settings.grantType().wireName());
        if (settings.grantType() == GrantType.PASSWORD) {
            String basic = settings.clientId() + ":" + settings.clientSecret();
            builder.header("Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
            form.put("username", settings.accessKeyId());
            form.put("password", settings.accessKeySecret());
        } else {
            form.put("client_id", settings.clientId());
            form.put("client_secret", settings.clientSecret());
        }
        if (settings.scope() != null && !settings.scope().isBlank()) {
            form.put("scope", settings.scope());
        }
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return builder.POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private Attempt parseToken(String body, Instant sentAt) {
        try {
            JsonNode json = JSON.readTree(body);
            String value = json.path("access_token").asText("");
            if (value.isEmpty()) {
                return Attempt.transientFailure("answered 200 without access_token", Optional.empty());
            }
            Secrets.registerToken(value);
            long seconds = json.path("expires_in").asLong(DEFAULT_LIFETIME.toSeconds());
            Duration lifetime = Duration.ofSeconds(seconds > 0 ? seconds : DEFAULT_LIFETIME.toSeconds());
            return Attempt.issued(AccessToken.issued(value, sentAt, lifetime, settings.refreshBefore()));
        } catch (IOException e) {
            return Attempt.transientFailure("answered 200 with a body that is not JSON", Optional.empty());
        }
    }

    private static String errorCode(String body) {
        try {
            return JSON.readTree(body).path("error").asText("");
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static boolean isCredentialError(String error) {
        return switch (error) {
            case "invalid_client", "invalid_grant", "unauthorized_client", "invalid_scope" -> true;
            default -> false;
        };
    }
}
