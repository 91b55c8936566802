package com.cxoneflows.jolokia;

import com.cxoneflows.testing.Http;
import com.cxoneflows.testing.LogCapture;
import com.cxoneflows.testing.RunningProduct;
import com.cxoneflows.testing.SimulatorClient;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Jolokia at /observe/jolokia over real HTTP, switched on: refused without credentials however the path is
 * spelt, Camel's MBeans readable and the dead-letter operations callable with them, everything else refused
 * by the shipped restrictor, and the password nowhere in logs or answers.
 */
class JolokiaTest {

    private static final String USER = "hawtio";
    private static final String PASSWORD = "jolokia-door-password-4f2a9c";
    private static final String DEAD_LETTERS = "org.apache.camel:context=cxone-flows,type=services,name=DeadLetterQueue";

    private static LogCapture logs;
    private static RunningProduct product;
    private static SimulatorClient sim;
    private static int port;

    @BeforeAll
    static void start() {
        logs = LogCapture.attach();
        product = RunningProduct.start(Map.of(
                "cxone.jolokia.enabled", "true",
                "cxone.jolokia.user", USER,
                "cxone.jolokia.password", PASSWORD,
                "cxone.dead-letter.maximum-redeliveries", "0"));
        sim = product.simulator();
        port = URI.create(product.url("/")).getPort();
    }

    @AfterAll
    static void stop() {
        product.close();
        logs.close();
        assertThat(logs.text()).doesNotContain(PASSWORD);
    }

    @Test
    void shouldRefuseWithoutOrWithWrongCredentials() throws IOException {
        Answer anonymous = request("GET", "/observe/jolokia/version", null, null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.head()).containsIgnoringCase("WWW-Authenticate: Basic");
        assertThat(Http.JSON.readTree(anonymous.body()).path("error").asText()).isEqualTo("authentication required");

        assertThat(request("GET", "/observe/jolokia/version", basic(USER, "not-the-password"), null).status()).isEqualTo(401);
        assertThat(request("GET", "/observe/jolokia/version", basic("admin", PASSWORD), null).status()).isEqualTo(401);
        assertThat(request("GET", "/observe/jolokia/version", "Bearer " + PASSWORD, null).status()).isEqualTo(401);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/observe/jolokia", "/observe/jolokia/", "//observe/jolokia/version", "/observe//jolokia/version",
            "/observe/./jolokia/version", "/observe/jolokia/../jolokia/version", "/api/../observe/jolokia/version",
            "/observe%2Fjolokia/version", "/observe%2fjolokia%2fversion", "/observe/%2e/jolokia/version",
            "/observe/jolokia/%2e%2e/jolokia/version", "/%6fbserve/jolokia/version", "/observe/%6Aolokia/version",
            "/observe%252Fjolokia/version", "/OBSERVE/JOLOKIA/version", "/observe/Jolokia/version",
            "/observe/jolokia;x=1/version", "/observe\\jolokia/version", "/observe/jolokia/read/" + DEAD_LETTERS + "/Count"})
    void shouldRefusePathTricksWithoutCredentials(String path) throws IOException {
        Answer answer = request("GET", path, null, null);

        assertThat(answer.status()).as(path).isIn(400, 401, 404);
        assertThat(answer.body()).as(path).doesNotContain("\"value\"").doesNotContain("\"agent\"");
    }

    @Test
    void shouldRefuseCrossOriginPagesEvenWithCredentials() throws IOException {
        Answer answer = request("GET", "/observe/jolokia/version", basic(USER, PASSWORD), "http://evil.example");

        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.head()).doesNotContainIgnoringCase("Access-Control-Allow-Origin");
    }

    @Test
    void shouldReadCamelMBeansAndRunDeadLetterOperations() throws IOException {
        JsonNode version = jolokia("GET", "/observe/jolokia/version", null);
        assertThat(version.path("status").asInt()).isEqualTo(200);

        JsonNode routes = jolokia("GET", "/observe/jolokia/search/org.apache.camel:type=routes,*", null);
        assertThat(routes.path("value").toString()).contains("contact-state");

        sim.fault(Map.of("target", "probe", "status", 503, "times", 1));
        product.context().createProducerTemplate().sendBody("direct:probe-delivery", "{\"conversationId\":\"conv-jolokia\"}");
        await().atMost(Duration.ofSeconds(10)).until(() ->
                jolokia("GET", "/observe/jolokia/read/" + DEAD_LETTERS + "/Count", null).path("value").asLong() == 1);

        JsonNode listed = jolokia("POST", "/observe/jolokia",
                "{\"type\":\"exec\",\"mbean\":\"" + DEAD_LETTERS + "\",\"operation\":\"list\",\"arguments\":[\"probe\",10]}");
        assertThat(listed.path("status").asInt()).isEqualTo(200);
        long id = Http.JSON.readTree(listed.path("value").asText()).path("deadLetters").get(0).path("id").asLong();

        JsonNode replayed = jolokia("POST", "/observe/jolokia",
                "{\"type\":\"exec\",\"mbean\":\"" + DEAD_LETTERS + "\",\"operation\":\"replay\",\"arguments\":[" + id + "]}");
        assertThat(replayed.path("value").asText()).contains("replayed");
        assertThat(jolokia("GET", "/observe/jolokia/read/" + DEAD_LETTERS + "/Count", null).path("value").asLong()).isZero();
    }

    @Test
    void shouldReadEveryCamelMBeanTheProductHas() throws IOException {
        JsonNode all = jolokia("GET", "/observe/jolokia/search/org.apache.camel:*", null).path("value");
        Map<String, String> oneOfEachType = new java.util.TreeMap<>();
        all.forEach(name -> oneOfEachType.putIfAbsent(name.asText().replaceAll(".*type=([^,]*).*", "$1"), name.asText()));
        assertThat(oneOfEachType).containsKeys("context", "routes", "services", "endpoints", "components");

        oneOfEachType.forEach((type, name) -> {
            try {
                JsonNode read = jolokia("POST", "/observe/jolokia", "{\"type\":\"read\",\"mbean\":" + Http.json(name) + "}");
                assertThat(read.path("status").asInt()).as(type + ": " + read).isEqualTo(200);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @Test
    void shouldRefuseWhatTheRestrictorDoesNotAllow() throws IOException {
        JsonNode writeMemory = jolokia("POST", "/observe/jolokia",
                "{\"type\":\"write\",\"mbean\":\"java.lang:type=Memory\",\"attribute\":\"Verbose\",\"value\":true}");
        assertThat(writeMemory.path("status").asInt()).isEqualTo(403);

        JsonNode gc = jolokia("POST", "/observe/jolokia", "{\"type\":\"exec\",\"mbean\":\"java.lang:type=Memory\",\"operation\":\"gc\"}");
        assertThat(gc.path("status").asInt()).isEqualTo(403);

        JsonNode jvmArguments = jolokia("GET", "/observe/jolokia/read/java.lang:type=Runtime/InputArguments", null);
        assertThat(jvmArguments.path("status").asInt()).isEqualTo(403);

        JsonNode stopContext = jolokia("POST", "/observe/jolokia",
                "{\"type\":\"exec\",\"mbean\":\"org.apache.camel:context=cxone-flows,type=context,name=\\\"cxone-flows\\\"\",\"operation\":\"stop\"}");
        assertThat(stopContext.path("status").asInt()).isEqualTo(403);
        assertThat(product.context().isStarted()).isTrue();

        JsonNode writeCamel = jolokia("POST", "/observe/jolokia", "{\"type\":\"write\",\"mbean\":\"org.apache.camel:context=cxone-flows,"
                + "type=context,name=\\\"cxone-flows\\\"\",\"attribute\":\"Tracing\",\"value\":true}");
        assertThat(writeCamel.path("status").asInt()).isEqualTo(403);
    }

    @Test
    void shouldStopAndStartARoute() throws IOException {
        String route = "org.apache.camel:context=cxone-flows,type=routes,name=\\\"probe-delivery\\\"";
        JsonNode stopped = jolokia("POST", "/observe/jolokia", "{\"type\":\"exec\",\"mbean\":\"" + route + "\",\"operation\":\"stop()\"}");
        assertThat(stopped.path("status").asInt()).as(stopped.toString()).isEqualTo(200);
        assertThat(product.context().getRouteController().getRouteStatus("probe-delivery").isStopped()).isTrue();

        JsonNode started = jolokia("POST", "/observe/jolokia", "{\"type\":\"exec\",\"mbean\":\"" + route + "\",\"operation\":\"start()\"}");
        assertThat(started.path("status").asInt()).isEqualTo(200);
        assertThat(product.context().getRouteController().getRouteStatus("probe-delivery").isStarted()).isTrue();
    }

    private static JsonNode jolokia(String method, String path, String body) throws IOException {
        Answer answer = request(method, path, basic(USER, PASSWORD), null, body);
        assertThat(answer.body()).doesNotContain(PASSWORD);
        return Http.JSON.readTree(answer.body());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    record Answer(int status, String head, String body) {
    }

    private static Answer request(String method, String path, String authorization, String origin) throws IOException {
        return request(method, path, authorization, origin, null);
    }

    /** A raw HTTP/1.1 exchange, so that the path goes on the wire exactly as written (no client normalises it). */
    private static Answer request(String method, String path, String authorization, String origin, String body) throws IOException {
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:").append(port).append("\r\nConnection: close\r\n");
        if (authorization != null) {
            head.append("Authorization: ").append(authorization).append("\r\n");
        }
        if (origin != null) {
            head.append("Origin: ").append(origin).append("\r\n");
        }
        if (body != null) {
            head.append("Content-Type: application/json\r\nContent-Length: ").append(content.length).append("\r\n");
        }
        head.append("\r\n");
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.UTF_8));
            out.write(content);
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int split = response.indexOf("\r\n\r\n");
            String responseHead = split < 0 ? response : response.substring(0, split);
            String responseBody = split < 0 ? "" : dechunked(responseHead, response.substring(split + 4));
            int status = Integer.parseInt(responseHead.substring(9, 12));
            return new Answer(status, responseHead, responseBody);
        }
    }

    private static String dechunked(String head, String body) {
        if (!head.toLowerCase().contains("transfer-encoding: chunked")) {
            return body;
        }
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (at < body.length()) {
            int lineEnd = body.indexOf("\r\n", at);
            int size = Integer.parseInt(body.substring(at, lineEnd).trim(), 16);
            if (size == 0) {
                break;
            }
            out.append(body, lineEnd + 2, lineEnd + 2 + size);
            at = lineEnd + 2 + size + 2;
        }
        return out.toString();
    }
}
