package com.cxoneflows.simulator.contact;

import io.vertx.core.http.HttpServerRequest;

import java.util.EnumSet;
import java.util.Set;

/**
 * The {@code state} and {@code queue_id} query parameters of the stream and the snapshot. Malformed events
 * pass every filter: the simulator cannot tell their state or queue, and the fault is there to reach clients.
 */
record ContactFilter(Set<ContactState> states, String queueId) {

    static ContactFilter of(HttpServerRequest request) {
        Set<ContactState> states = EnumSet.allOf(ContactState.class);
        String csv = request.getParam("state");
        if (csv != null && !csv.isBlank()) {
            states = EnumSet.noneOf(ContactState.class);
            for (String state : csv.split(",")) {
                states.add(ContactState.fromWire(state.trim()));
            }
        }
        String queue = request.getParam("queue_id");
        return new ContactFilter(states, queue == null || queue.isBlank() ? null : queue);
    }

    boolean matches(LoggedEvent event) {
        return event.malformed() || matches(event.state(), event.queueId());
    }

    boolean matches(TrackedContact contact) {
        return matches(contact.state(), contact.queueId());
    }

    private boolean matches(ContactState state, String queue) {
        return states.contains(state) && (queueId == null || queueId.equals(queue));
    }
}
