package com.cxoneflows.guest;

import org.apache.camel.Exchange;
import org.apache.camel.Predicate;

/**
 * The routed group's completion predicate: a group is complete at once when every conversation in flight is in it.
 * None is about to join, so at a low rate a conversation does not wait for {@code cxone.guest.routed-group-wait}.
 * Found by name ({@code ref}): a bean method would be invoked on a copy of each conversation's exchange.
 */
public final class NothingElseInFlight implements Predicate {

    private final ConversationsInFlight inFlight;

    public NothingElseInFlight(ConversationsInFlight inFlight) {
        this.inFlight = inFlight;
    }

    @Override
    public boolean matches(Exchange group) {
        return inFlight.count() <= group.getProperty(Exchange.AGGREGATED_SIZE, 1, Integer.class);
    }
}
