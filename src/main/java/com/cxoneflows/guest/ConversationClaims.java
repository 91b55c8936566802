package com.cxoneflows.guest;

import com.cxoneflows.cluster.ClusterNodes;
import org.apache.camel.Exchange;
import org.apache.camel.Predicate;

/**
 * The claim a replica takes on a conversation before routing it (the {@code guest-conversations} route's filter):
 * in a cluster every replica re-drives the shared inbox, and only the one holding the claim routes. A predicate the
 * filter finds by name ({@code ref}), not a bean method: Camel invokes a method expression on a copy of the exchange,
 * one more copy per routed conversation.
 */
public final class ConversationClaims implements Predicate {

    private final GuestInbox inbox;
    private final ClusterNodes nodes;
    private final ConversationsInFlight inFlight;

    public ConversationClaims(GuestInbox inbox, ClusterNodes nodes, ConversationsInFlight inFlight) {
        this.inbox = inbox;
        this.nodes = nodes;
        this.inFlight = inFlight;
    }

    /** True if this replica may route the conversation in the body (a {@link GuestMessage} as JSON). */
    @Override
    public boolean matches(Exchange exchange) {
        if (!nodes.clustered()) {
            return true; // one replica: no one to race, and a commit per conversation would cost routing its rate
        }
        String conversationId = GuestMessage.fromJson(exchange.getIn().getBody(String.class)).conversationId();
        if (inbox.claim(conversationId, nodes.nodeId(), nodes.deadBefore())) {
            return true;
        }
        inFlight.done(conversationId); // another replica routes it (or did): nothing here runs it
        return false;
    }
}
