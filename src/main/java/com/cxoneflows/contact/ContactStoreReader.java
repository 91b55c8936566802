package com.cxoneflows.contact;

import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.support.RoutePolicySupport;

/**
 * The contact-state route's second policy ({@code routePolicy: streamLeadership,contactStoreReader}): the contact store
 * commits and folds only while its route runs, so in a cluster only the replica that reads the streams writes the
 * store, and each takeover reloads what the other replica wrote. Camel starts a route's consumer before it calls
 * {@link #onStart}, so the first exchange starts the store if it comes first; no event reaches a store that does not read.
 */
final class ContactStoreReader extends RoutePolicySupport {

    private final ContactStore store;

    ContactStoreReader(ContactStore store) {
        this.store = store;
    }

    @Override
    public void onStart(Route route) {
        store.startCommitTimer();
    }

    @Override
    public void onExchangeBegin(Route route, Exchange exchange) {
        store.startCommitTimer();
    }

    /** Called once the consumer stopped and the exchanges in flight are done: commits what is open, then folds. */
    @Override
    public void onStop(Route route) {
        store.stopCommitTimer();
    }
}
