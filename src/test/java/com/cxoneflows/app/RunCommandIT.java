package com.cxoneflows.app;

import com.cxoneflows.simulator.SimulatorSettings;
import com.cxoneflows.testing.FreePorts;
import com.cxoneflows.testing.Http;
import com.cxoneflows.testing.ProductProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The README's run command: the packaged jar starts on the embedded simulator and is UP within 20 s. */
class RunCommandIT {

    @TempDir
    Path dataDir;

    @Test
    void shouldBeUpWithin20SecondsWhenStartedWithoutCredentials() {
        try (ProductProcess product = ProductProcess.start(Map.of("cxone.data-dir", dataDir.toString()))) {
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                    .untilAsserted(() -> assertThat(Http.get(product.url("/observe/health")).json().path("status").asText())
                            .isEqualTo("UP"));
            assertThat(product.log()).contains("No CXone credentials configured: flows use the embedded simulator at");
            assertThat(product.log()).doesNotContain(SimulatorSettings.DEMO_CLIENT_SECRET);
        }
    }

    @Test
    void shouldServeOnlyTheSimulatorWhenAskedTo(@TempDir Path workingDirectory) throws Exception {
        int port = FreePorts.next();
        try (ProductProcess simulator = ProductProcess.startIn(workingDirectory, Map.of("cxone.simulator.port", String.valueOf(port)),
                "--simulator-only")) {
            HttpRequest tokenRequest = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/oauth/v2/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id="
                            + SimulatorSettings.DEMO_CLIENT_ID + "&client_secret=" + SimulatorSettings.DEMO_CLIENT_SECRET))
                    .build();
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> {
                HttpResponse<String> answer = HttpClient.newHttpClient().send(tokenRequest, HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).isEqualTo(200);
                assertThat(Http.JSON.readTree(answer.body()).path("token_type").asText()).isEqualTo("Bearer");
            });
            assertThat(simulator.log()).doesNotContain("Apache Camel");
            // the image's working directory is not writable: a POST must not need it (Vert.x's file uploads)
            try (var files = Files.list(workingDirectory)) {
                assertThat(files).isEmpty();
            }
        }
    }
}
