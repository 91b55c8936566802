package com.cxoneflows.guest;

import com.cxoneflows.testing.RunningProduct;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A CRM batch is stored before the conversations in it are marked routed only if no group of records fills a batch
 * alone: below 2 records a batch, the product refuses to start, naming {@code crm.batch-size}. A batch counts its
 * records as groups join it, without reading its array back.
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

    @Test
    void shouldCountTheRecordsOfEachGroupIntoTheBatch() throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            ObjectMapper json = new ObjectMapper();
            CrmBatchStrategy strategy = new CrmBatchStrategy(json, 4, 50);
            CrmSync crm = new CrmSync(json, null, "");

            Exchange batch = strategy.aggregate(null, group(camel, crm, "{\"external_id\":\"c-1\"}", "{\"external_id\":\"c-2\"}"));
            assertThat(strategy.isFull(batch)).isFalse();
            batch = strategy.aggregate(batch, group(camel, crm, "{\"external_id\":\"c-3\",\"last_message\":\"a, b]\"}"));
            assertThat(batch.getIn().getHeader(CrmBatchStrategy.RECORDS)).isEqualTo(3);
            assertThat(json.readTree(batch.getIn().getBody(String.class))).hasSize(3);
            assertThat(strategy.isFull(batch)).isFalse();

            // a batch an earlier version stored carries no count: its array is read
            batch.getIn().removeHeader(CrmBatchStrategy.RECORDS);
            batch = strategy.aggregate(batch, group(camel, crm, "{\"external_id\":\"c-4\"}"));
            assertThat(batch.getIn().getHeader(CrmBatchStrategy.RECORDS)).isEqualTo(4);
            assertThat(strategy.isFull(batch)).isTrue();

            // the count is ours: it does not go to the CRM with the batch
            crm.prepare(batch);
            assertThat(batch.getIn().getHeaders()).doesNotContainKey(CrmBatchStrategy.RECORDS);
        }
    }

    /** A group of routed conversations' records, as the finish-routed-group route hands it to the batch. */
    private static Exchange group(DefaultCamelContext camel, CrmSync crm, String... records) {
        Exchange group = new DefaultExchange(camel);
        group.getIn().setBody(List.of(records).stream().map(record -> {
            Exchange conversation = new DefaultExchange(camel);
            conversation.getIn().setBody(record);
            return conversation;
        }).toList());
        crm.records(group);
        return group;
    }
}
