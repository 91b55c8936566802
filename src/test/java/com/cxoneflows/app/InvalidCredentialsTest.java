package com.cxoneflows.app;

import com.cxoneflows.testing.Http;
import com.cxoneflows.testing.LogCapture;
import com.cxoneflows.testing.RunningProduct;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Wrong credentials keep the process up and live, readiness DOWN with the keys to fix, one ERROR line, no loop. */
class InvalidCredentialsTest {

    @Test
    void shouldStayUpAndNotReadyWhenClientIsInvalid() {
        try (LogCapture logs = LogCapture.attach();
             RunningProduct product = RunningProduct.start(Map.of(
                     "cxone.simulator.enabled", "true",
                     "cxone.auth.client-id", "simulator-client",
                     "cxone.auth.client-secret", "not-the-right-secret-42"))) {

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                Http.Response ready = Http.get(product.url("/observe/health/ready"));
                assertThat(ready.status()).isEqualTo(503);
                assertThat(ready.body()).contains("DOWN");
            });
            assertThat(Http.get(product.url("/observe/health/live")).status()).isEqualTo(200);
            assertThat(Http.get(product.url("/observe/health/ready?exposureLevel=full")).body())
                    .contains("cxone.auth.client-secret");

            // callers keep asking, the endpoint is not asked again within the 5 minute interval
            for (int i = 0; i < 5; i++) {
                product.bean("tokenService", com.cxoneflows.auth.TokenService.class).tokenAsync();
            }
            assertThat(product.simulator().requests("/oauth/v2/token")).hasSize(1);
            assertThat(logs.events()).filteredOn(e -> e.getLevel().toString().equals("ERROR"))
                    .singleElement()
                    .satisfies(e -> assertThat(e.getFormattedMessage()).contains("cxone.auth.client-secret"));
            assertThat(logs.text()).doesNotContain("not-the-right-secret-42");
        }
    }
}
