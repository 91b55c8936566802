package com.cxoneflows.guest;

import com.cxoneflows.secret.Secrets;
import com.cxoneflows.stream.Timestamps;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;

import java.util.List;
import java.util.StringJoiner;

/**
 * The CRM steps (contract §9): one record per routed conversation, the batch's optional auth header
 * ({@code crm.auth-header}, {@code Name: value}; the value is a secret), and the count of accepted batches.
 */
public class CrmSync {

    private static final String BATCH_SIZE = "CxoneCrmBatchSize";

    private final ObjectMapper json;
    private final GuestCounters counters;
    private final String authHeaderName;
    private final String authHeaderValue;

    public CrmSync(ObjectMapper json, GuestCounters counters, String authHeader) {
        this.json = json;
        this.counters = counters;
        if (authHeader == null || authHeader.isBlank()) {
            authHeaderName = null;
            authHeaderValue = null;
        } else {
            int colon = authHeader.indexOf(':');
            if (colon < 1 || authHeader.substring(colon + 1).isBlank()) {
                throw new IllegalArgumentException("crm.auth-header must be 'Name: value', e.g. 'Authorization: Bearer …'");
            }
            authHeaderName = authHeader.substring(0, colon).strip();
            authHeaderValue = authHeader.substring(colon + 1).strip();
            Secrets.register(authHeaderValue);
        }
    }

    /** The body becomes the CRM record of the conversation just routed. */
    public void record(Exchange exchange) {
        GuestMessage message = exchange.getProperty(TaskRouting.MESSAGE, GuestMessage.class);
        exchange.getIn().setBody(JsonObjects.write(json, 128 + message.text().length(), record -> {
            record.writeStringField("external_id", message.conversationId());
            record.writeStringField("fingerprint", message.fingerprint());
            record.writeStringField("last_message", message.text());
            record.writeStringField("queued_at", Timestamps.format(message.receivedAt()));
        }));
    }

    /**
     * The body, a group of routed conversations (their exchanges), becomes the JSON array of their records, with
     * their count for the batch ({@link CrmBatchStrategy}).
     */
    public void records(Exchange exchange) {
        List<?> group = exchange.getIn().getBody(List.class);
        StringJoiner records = new StringJoiner(",", "[", "]");
        group.forEach(conversation -> records.add(((Exchange) conversation).getIn().getBody(String.class)));
        exchange.getIn().setBody(records.toString());
        exchange.getIn().setHeader(CrmBatchStrategy.RECORDS, group.size());
    }

    /**
     * Notes the batch's size (read from the array: a replayed dead letter has no count of ours), takes our count
     * header off the request, and sets {@code crm.auth-header} on it, when configured.
     */
    public void prepare(Exchange exchange) throws Exception {
        exchange.getIn().removeHeader(CrmBatchStrategy.RECORDS);
        exchange.setProperty(BATCH_SIZE, json.readTree(exchange.getIn().getBody(String.class)).size());
        if (authHeaderName != null) {
            exchange.getIn().setHeader(authHeaderName, authHeaderValue);
        }
    }

    /** Counts a batch the CRM accepted. */
    public void accepted(Exchange exchange) {
        counters.crmBatches.incrementAndGet();
        counters.crmRecords.addAndGet(exchange.getProperty(BATCH_SIZE, 0, Integer.class));
    }
}
