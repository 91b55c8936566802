package com.cxoneflows.jolokia;

import com.cxoneflows.testing.Http;
import com.cxoneflows.testing.RunningProduct;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * With the shipped settings there is no Jolokia: its path is an unknown resource; switched on without its credentials
 * the product does not start, and says which keys to set.
 */
class JolokiaSwitchTest {

    @Test
    void shouldNotServeJolokiaUnlessEnabled() {
        try (RunningProduct product = RunningProduct.start(Map.of())) {
            Http.Response answer = Http.get(product.url("/observe/jolokia/version"));

            assertThat(answer.status()).isEqualTo(404);
            assertThat(answer.body()).doesNotContain("\"agent\"");
        }
    }

    @Test
    void shouldRefuseToStartEnabledWithoutCredentials() {
        assertThatThrownBy(() -> RunningProduct.start(Map.of("cxone.jolokia.enabled", "true")).close())
                .hasMessageContaining("cxone.jolokia.password: not set")
                .hasMessageContaining("cxone.jolokia.user: not set");
    }
}
