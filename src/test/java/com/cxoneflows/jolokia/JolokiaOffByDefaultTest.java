package com.cxoneflows.jolokia;

import com.cxoneflows.testing.Http;
import com.cxoneflows.testing.RunningProduct;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** With the shipped settings there is no Jolokia: its path is an unknown resource. */
class JolokiaOffByDefaultTest {

    @Test
    void shouldNotServeJolokiaUnlessEnabled() {
        try (RunningProduct product = RunningProduct.start(Map.of())) {
            Http.Response answer = Http.get(product.url("/observe/jolokia/version"));

            assertThat(answer.status()).isEqualTo(404);
            assertThat(answer.body()).doesNotContain("\"agent\"");
        }
    }
}
