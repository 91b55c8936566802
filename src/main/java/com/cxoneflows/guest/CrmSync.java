package com.cxoneflows.guest;

import com.cxoneflows.secret.Secrets;
import com.cxoneflows.stream.Timestamps;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
        ObjectNode record = json.createObjectNode();
        record.put("external_id", message.conversationId());
        record.put("fingerprint", message.fingerprint());
        record.put("last_message", message.text());
        record.put("queued_at", Timestamps.format(message.receivedAt()));
        exchange.getIn().setBody(record.toString());
    }

    /** The body, a group of routed conversations (their exchanges), becomes the JSON array of their records. */
    public String records(List<Exchange> group) {
        StringJoiner records = new StringJoiner(",", "[", "]");
        group.forEach(conversation -> records.add(conversation.getIn().getBody(String.class)));
        return records.toString();
    }

    /** Notes the batch's size and sets {@code crm.auth-header} on its request, when configured. */
    public void prepare(Exchange exchange) throws Exception {
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
