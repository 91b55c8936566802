package com.cxoneflows.presence;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The coalescing window's batch, kept in the body: the latest state of each user changed within it, one entry per
 * user. A change that replaces a user already in the batch is counted as coalesced.
 */
public class PresenceCoalescing implements AggregationStrategy {

    private final PresenceMeters meters;

    public PresenceCoalescing(PresenceMeters meters) {
        this.meters = meters;
    }

    @Override
    public Exchange aggregate(Exchange batch, Exchange next) {
        UserPresence user = next.getIn().getBody(PresenceChange.class).user();
        if (batch == null) {
            Map<String, UserPresence> users = new LinkedHashMap<>();
            users.put(user.userId(), user);
            next.getIn().setBody(users);
            return next;
        }
        @SuppressWarnings("unchecked")
        Map<String, UserPresence> users = batch.getIn().getBody(Map.class);
        if (users.put(user.userId(), user) != null) {
            meters.coalesced();
        }
        return batch;
    }
}
