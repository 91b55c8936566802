package com.cxoneflows.guest;

import com.cxoneflows.testing.RunningProduct;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A CRM batch is stored before the conversations in it are marked routed only if no group of records fills a batch
 * alone: below 2 records a batch, the product refuses to start, naming {@code crm.batch-size}.
 */
class CrmBatchSizeTest {

    @Test
    void shouldRefuseToStartWithBatchesOfOneRecord() {
        assertThatThrownBy(() -> RunningProduct.start(Map.of("cxone.contacts.enabled", "false",
                "cxone.agents.enabled", "false", "crm.batch-size", "1")).close())
                .hasMessageContaining("crm.batch-size must be at least 2, was 1");
    }

    @Test
    void shouldRefuseBatchSizesBelowTwo() {
        for (int size : new int[] {1, 0, -5}) {
            assertThatThrownBy(() -> new CrmBatchStrategy(new ObjectMapper(), size, 50))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("crm.batch-size must be at least 2, was " + size);
        }
    }

    @Test
    void shouldKeepEachGroupBelowTheSmallestBatch() {
        assertThat(new CrmBatchStrategy(new ObjectMapper(), 2, 50).groupSize()).isEqualTo(1);
        assertThat(new CrmBatchStrategy(new ObjectMapper(), 100, 50).groupSize()).isEqualTo(50);
        assertThat(new CrmBatchStrategy(new ObjectMapper(), 5, 50).groupSize()).isEqualTo(4);
    }
}
