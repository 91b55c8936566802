package com.cxoneflows.guest;

import com.cxoneflows.cluster.ClusterNodes;

/**
 * The claim a replica takes on a conversation before routing it (the {@code guest-conversations} route's filter):
 * in a cluster every replica re-drives the shared inbox, and only the one holding the claim routes.
 */
public final class ConversationClaims {

    private final GuestInbox inbox;
    private final ClusterNodes nodes;
    private final ConversationsInFlight inFlight;

    public ConversationClaims(GuestInbox inbox, ClusterNodes nodes, ConversationsInFlight inFlight) {
        this.inbox = inbox;
        this.nodes = nodes;
        this.inFlight = inFlight;
    }

    /** True if this replica may route the conversation of {@code body} (a {@link GuestMessage} as JSON). */
    public boolean claim(String body) {
        if (!nodes.clustered()) {
            return true; // one replica: no one to race, and a commit per conversation would cost routing its rate
        }
        String conversationId = GuestMessage.fromJson(body).conversationId();
        if (inbox.claim(conversationId, nodes.nodeId(), nodes.deadBefore())) {
            return true;
        }
        inFlight.done(conversationId); // another replica routes it (or did): nothing here runs it
        return false;
    }
}
