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

    /**
     * Refuses a {@code batchSize} below 2: the smallest group is one record, so at size 1 every group would fill a
     * batch alone, and Camel's aggregator completes such a batch without ever storing it (see {@link #groupSize}).
     */
    public CrmBatchStrategy(ObjectMapper json, int batchSize, int maxGroupSize) {
        if (batchSize < 2) {
            throw new IllegalArgumentException("crm.batch-size must be at least 2, was " + batchSize + ": a batch that"
                    + " one routed conversation fills would go to the CRM without being stored, and a crash before the"
                    + " CRM took it would lose its record");
        }
        this.json = json;
        this.batchSize = batchSize;
        this.groupSize = Math.min(maxGroupSize, batchSize - 1);
    }

    /**
     * Conversations routed together that go in as one: at most {@code cxone.guest.routed-group-size}, and below
     * {@code crm.batch-size}. Camel's aggregator stores a batch from its second write on: a batch that the write
     * which starts it completes is neither added to the repository nor moved to its completed table
     * ({@code AggregateProcessor.onCompletion} removes, and so stores, only a batch it read from the repository), so
     * it would go to the CRM from memory while its conversations are marked routed, and a crash before the CRM took
     * it would lose it.
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
