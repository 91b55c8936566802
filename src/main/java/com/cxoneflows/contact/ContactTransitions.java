package com.cxoneflows.contact;

import com.cxoneflows.transition.TransitionMatrix;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Judges an event against the stored contact (contract §2 "settled"): a duplicate if the stream or the
 * contact has already moved past its id; legal if the matrix allows {@code from -> state}, where {@code from}
 * is the stored state, or the event's {@code previous_state} for a contact not seen before.
 */
public class ContactTransitions implements Processor {

    private final TransitionMatrix matrix;
    private final ContactStore store;

    public ContactTransitions(TransitionMatrix matrix, ContactStore store) {
        this.matrix = matrix;
        this.store = store;
    }

    /** The route's check step: judges the {@link ContactEvent} in the body. */
    @Override
    public void process(Exchange exchange) {
        exchange.getIn().setBody(check(exchange.getIn().getBody(ContactEvent.class)));
    }

    public ContactEvent check(ContactEvent event) {
        if (event.verdict() != ContactEvent.Verdict.APPLY) {
            return event;
        }
        if (EventIds.atOrBelow(event.eventId(), store.highWaterMark(event.streamName(), event.filterKey()))) {
            return event.judged(ContactEvent.Verdict.DUPLICATE, null, "already taken from the stream");
        }
        ContactRecord current = store.latest(event.contactId()).orElse(null);
        if (current != null && EventIds.atOrBelow(event.eventId(), current.lastEventId())) {
            return event.judged(ContactEvent.Verdict.DUPLICATE, current.state(), "already applied to the contact");
        }
        if (!matrix.isState(event.state())) {
            return event.judged(ContactEvent.Verdict.ILLEGAL, current == null ? event.previousState() : current.state(),
                    "unknown state '" + event.state() + "'");
        }
        String from = current != null ? current.state() : event.previousState();
        if (from != null && !matrix.allows(from, event.state())) {
            return event.judged(ContactEvent.Verdict.ILLEGAL, from, "illegal transition " + from + " -> " + event.state());
        }
        return event.judged(ContactEvent.Verdict.APPLY, from, null);
    }
}
