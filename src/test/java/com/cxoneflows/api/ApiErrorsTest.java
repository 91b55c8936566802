package com.cxoneflows.api;

import com.cxoneflows.testing.Http;
import com.cxoneflows.testing.RunningProduct;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The running product answers health, metrics and the API, and every bad request with a 4xx JSON body. */
class ApiErrorsTest {

    private static RunningProduct product;

    @BeforeAll
    static void start() {
        product = RunningProduct.start(Map.of());
    }

    @AfterAll
    static void stop() {
        product.close();
    }

    @Test
    void shouldBeLiveAndReadyWhenRunningOnTheSimulator() {
        assertThat(Http.get(product.url("/observe/health/live")).status()).isEqualTo(200);
        // ready once the streams are connected and the credentials accepted
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(Http.get(product.url("/observe/health/ready")).status()).isEqualTo(200);
            assertThat(Http.get(product.url("/observe/health")).json().path("status").asText()).isEqualTo("UP");
        });
    }

    @Test
    void shouldServePrometheusMetrics() {
        Http.Response metrics = Http.get(product.url("/observe/metrics"));

        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("camel_context=\"cxone-flows\"");
    }

    @Test
    void shouldListStreamsAndDeadLettersAsJson() {
        assertThat(Http.get(product.url("/api/streams")).json().has("streams")).isTrue();
        Http.Response letters = Http.get(product.url("/api/dead-letters?flow=guest-routing&limit=5"));

        assertThat(letters.status()).isEqualTo(200);
        assertThat(letters.contentType()).startsWith("application/json");
        assertThat(letters.json().path("count").asInt()).isZero();
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
            "GET, /api/dead-letters/abc, 400",
            "GET, /api/dead-letters/-1, 400",
            "GET, /api/dead-letters/1234567890123456789012345, 400",
            "GET, /api/dead-letters/987654, 404",
            "DELETE, /api/dead-letters/987654, 404",
            "POST, /api/dead-letters/987654/replay, 404",
            "POST, /api/dead-letters/x%27%3B--/replay, 400",
            "PUT, /api/dead-letters/1, 405",
            "PATCH, /api/streams, 405",
            "GET, /api/dead-letters?limit=abc, 400",
            "GET, /api/dead-letters?limit=0, 400",
            "GET, /api/dead-letters?limit=100000, 400",
            "GET, /api/dead-letters?flow=%3Cscript%3E, 400",
            "POST, /api/streams/nope/restart, 404",
            "GET, /api/nothing-here, 404",
    })
    void shouldAnswerJsonErrorWhenRequestIsBad(String method, String path, int status) {
        Http.Response response = Http.method(method, product.url(path));

        assertThat(response.status()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/json");
        assertThat(response.json().path("status").asInt()).isEqualTo(status);
        assertThat(response.json().path("error").asText()).isNotBlank();
        assertThat(response.body()).doesNotContain("Exception", "\tat ");
    }

    @ParameterizedTest(name = "{0} {1} -> Allow: {2}")
    @CsvSource({
            "PUT, /api/dead-letters/1, 'DELETE, GET'",
            "PATCH, /api/streams, GET",
            "GET, /api/streams/contact-state/restart, POST",
    })
    void shouldNameTheAllowedMethodsWhenTheMethodIsNot(String method, String path, String allowed) {
        Http.Response response = Http.method(method, product.url(path));

        assertThat(response.status()).isEqualTo(405);
        assertThat(response.header("Allow")).contains(allowed);
    }

    @Test
    void shouldAnswerJsonErrorWhenPathIsHuge() {
        Http.Response response = Http.get(product.url("/api/dead-letters/" + "9".repeat(5000)));

        assertThat(response.status()).isBetween(400, 499);
        assertThat(response.body()).doesNotContain("Exception");
    }

    @Test
    void shouldAnswerJsonErrorWhenRequestLineIsOverTheServersLimit() throws IOException {
        Http.Response response = rawRequest("GET /api/contacts/" + "x".repeat(10_000) + " HTTP/1.1\r\n", "");

        assertJsonError(response, 414);
    }

    @Test
    void shouldAnswerJsonErrorWhenHeadersAreOverTheServersLimit() throws IOException {
        Http.Response response = rawRequest("GET /api/streams HTTP/1.1\r\n", "X-Padding: " + "x".repeat(10_000) + "\r\n");

        assertJsonError(response, 431);
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
            "/api/contacts/c-1?x=%ZZ, '', 400",
            "/api/dead-letters/1?x=%ZZ, '', 400",
            "/api/contacts?x=%ZZ, '', 400",
            "/api/streams, 'Accept: application/xml', 406",
            "/api/contacts/c-1, 'Accept: application/xml', 406",
    })
    void shouldAnswerJsonErrorWhenTheQueryIsNotPercentEncodedOrTheAnswerCannotBeJson(String target, String header, int status)
            throws IOException {
        Http.Response response = rawRequest("GET " + target + " HTTP/1.1\r\n", header.isEmpty() ? "" : header + "\r\n");

        assertJsonError(response, status);
    }

    private static void assertJsonError(Http.Response response, int status) {
        assertThat(response.status()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/json");
        assertThat(response.json().path("status").asInt()).isEqualTo(status);
        assertThat(response.json().path("error").asText()).isNotBlank();
    }

    /** One request on a raw socket, as no HTTP client would send it; the server answers and closes the connection. */
    private static Http.Response rawRequest(String requestLine, String extraHeaders) throws IOException {
        URI server = URI.create(product.url("/"));
        try (Socket socket = new Socket(server.getHost(), server.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write((requestLine + "Host: " + server.getHost() + "\r\n" + extraHeaders + "Connection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int headersEnd = answer.indexOf("\r\n\r\n");
            assertThat(headersEnd).as("an HTTP answer: %s", answer).isPositive();
            String[] head = answer.substring(0, headersEnd).split("\r\n");
            String contentType = "";
            for (String header : head) {
                if (header.regionMatches(true, 0, "Content-Type:", 0, 13)) {
                    contentType = header.substring(13).trim();
                }
            }
            return new Http.Response(Integer.parseInt(head[0].split(" ")[1]), answer.substring(headersEnd + 4), contentType);
        }
    }
}
