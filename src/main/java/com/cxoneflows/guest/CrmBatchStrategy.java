package com.cxoneflows.guest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * Builds a CRM batch as a JSON array in the body, from the JSON arrays of records that come in (a group of
 * conversations routed together). The body, not an exchange property, is what the JDBC aggregation repository
 * keeps, so a batch under way survives a crash whole (Camel's grouped strategies keep their list in a property
 * and lose it). Headers of the routing call are dropped: the batch request has its own. A batch is full once it
 * holds {@code crm.batch-size} records; the group that fills it is not split, so it may hold a few more. The count of
 * records travels in a header, which the repository keeps with the body, so a batch is not read back to be counted.
 */
public class CrmBatchStrategy implements AggregationStrategy {

    /** Header: how many records the JSON array in the body holds; {@link CrmSync#prepare} takes it off the request. */
    static final String RECORDS = "CxoneCrmRecords";

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
        int added = count(records);
        if (batch == null) {
            records.getIn().removeHeaders("*");
            records.getIn().setHeader(RECORDS, added);
            return records;
        }
        int sofar = count(batch);
        String sofarJson = batch.getIn().getBody(String.class);
        String recordsJson = records.getIn().getBody(String.class);
        batch.getIn().setBody(sofarJson.substring(0, sofarJson.length() - 1) + "," + recordsJson.substring(1));
        batch.getIn().setHeader(RECORDS, sofar + added);
        return batch;
    }

    /** The completion predicate: the batch holds {@code crm.batch-size} records or more. */
    public boolean isFull(Exchange batch) {
        return count(batch) >= batchSize;
    }

    /** The records in the body: its count header, or, without one (a batch an earlier version stored), the array's size. */
    int count(Exchange exchange) {
        Integer counted = exchange.getIn().getHeader(RECORDS, Integer.class);
        if (counted != null) {
            return counted;
        }
        try {
            return json.readTree(exchange.getIn().getBody(String.class)).size();
        } catch (JsonProcessingException notAnArray) {
            throw new IllegalArgumentException("a CRM batch is a JSON array of records: " + notAnArray.getOriginalMessage(), notAnArray);
        }
    }
}
