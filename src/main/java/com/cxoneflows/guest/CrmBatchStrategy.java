package com.cxoneflows.guest;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * Builds a CRM batch as a JSON array in the body, from the JSON arrays of records that come in (a group of
 * conversations routed together). The body, not an exchange property, is what the JDBC aggregation repository
 * keeps, so a batch under way survives a crash whole (Camel's grouped strategies keep their list in a property
 * and lose it). Headers of the routing call are dropped: the batch request has its own. A batch is full once it
 * holds {@code crm.batch-size} records; the group that fills it is not split, so it may hold a few more.
 */
public class CrmBatchStrategy implements AggregationStrategy {

    private final ObjectMapper json;
    private final int batchSize;
    private final int groupSize;

    public CrmBatchStrategy(ObjectMapper json, int batchSize, int maxGroupSize) {
        this.json = json;
        this.batchSize = batchSize;
        this.groupSize = Math.max(1, Math.min(maxGroupSize, batchSize - 1));
    }

    /**
     * Conversations routed together that go in as one: at most {@code cxone.guest.routed-group-size}, and below
     * {@code crm.batch-size}. Camel's aggregator stores a batch from its second write on; a group that filled a batch
     * alone would go to the CRM without being stored first, and a crash while the CRM is down would lose it.
     */
    public int groupSize() {
        return groupSize;
    }

    @Override
    public Exchange aggregate(Exchange batch, Exchange records) {
        String recordsJson = records.getIn().getBody(String.class);
        if (batch == null) {
            records.getIn().removeHeaders("*");
            return records;
        }
        String sofar = batch.getIn().getBody(String.class);
        batch.getIn().setBody(sofar.substring(0, sofar.length() - 1) + "," + recordsJson.substring(1));
        return batch;
    }

    /** The completion predicate: the batch holds {@code crm.batch-size} records or more. */
    public boolean isFull(Exchange batch) throws Exception {
        return json.readTree(batch.getIn().getBody(String.class)).size() >= batchSize;
    }
}
