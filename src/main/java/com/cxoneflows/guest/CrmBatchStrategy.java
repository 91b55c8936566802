package com.cxoneflows.guest;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * Builds a CRM batch as a JSON array in the body. The body, not an exchange property, is what the JDBC
 * aggregation repository keeps, so a batch under way survives a crash whole (Camel's grouped strategies keep
 * their list in a property and lose it). Headers of the routing call are dropped: the batch request has its own.
 */
public class CrmBatchStrategy implements AggregationStrategy {

    @Override
    public Exchange aggregate(Exchange batch, Exchange record) {
        String recordJson = record.getIn().getBody(String.class);
        if (batch == null) {
            record.getIn().removeHeaders("*");
            record.getIn().setBody("[" + recordJson + "]");
            return record;
        }
        String sofar = batch.getIn().getBody(String.class);
        batch.getIn().setBody(sofar.substring(0, sofar.length() - 1) + "," + recordJson + "]");
        return batch;
    }
}
