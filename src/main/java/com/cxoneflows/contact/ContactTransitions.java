package com.cxoneflows.contact;

import com.cxoneflows.transition.TransitionMatrix;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

    /** The route's check step: judges the {@link ContactEvent} in the body, or each of a batch ({@code List<ContactEvent>}). */
    @Override
    public void process(Exchange exchange) {
        if (exchange.getIn().getBody() instanceof List<?> batch) {
            exchange.getIn().setBody(checkAll(batch.stream().map(ContactEvent.class::cast).toList()));
        } else {
            exchange.getIn().setBody(check(exchange.getIn().getBody(ContactEvent.class)));
        }
    }

    public ContactEvent check(ContactEvent event) {
        return checkAll(List.of(event)).get(0);
    }

    /**
     * Judges consecutive events of one stream and filter as if each had been merged before the next was judged: the
     * stream's high-water mark moves past each event with an id, and a contact an earlier event is to change is judged
     * from that event's state.
     */
    public List<ContactEvent> checkAll(List<ContactEvent> events) {
        List<ContactEvent> judged = new ArrayList<>(events.size());
        Map<String, ContactRecord> changedEarlier = new HashMap<>();
        String highWater = null;
        for (ContactEvent event : events) {
            if (highWater == null) {
                highWater = store.highWaterMark(event.streamName(), event.filterKey());
            }
            ContactEvent verdict = check(event, highWater, changedEarlier);
            judged.add(verdict);
            if (verdict.verdict() == ContactEvent.Verdict.APPLY) {
                changedEarlier.put(event.contactId(), new ContactRecord(event.contactId(), event.filterKey(), event.state(),
                        verdict.fromState(), event.eventId(), null, null));
            }
            if (EventIds.after(event.eventId(), highWater)) {
                highWater = event.eventId();
            }
        }
        return judged;
    }

    private ContactEvent check(ContactEvent event, String highWater, Map<String, ContactRecord> changedEarlier) {
        // first: an event the stream already gave is a duplicate whatever it holds, so a malformed or illegal one given
        // again is not refused and recorded twice
        if (EventIds.atOrBelow(event.eventId(), highWater)) {
            return event.judged(ContactEvent.Verdict.DUPLICATE, null, "already taken from the stream");
        }
        if (event.verdict() != ContactEvent.Verdict.APPLY) {
            return event;
        }
        ContactRecord current = changedEarlier.get(event.contactId());
        LatestContact found = null;
        if (current == null) {
            found = store.latest(event.contactId());
            current = found.record;
        }
        if (current != null && EventIds.atOrBelow(event.eventId(), current.lastEventId())) {
            return event.judged(ContactEvent.Verdict.DUPLICATE, current.state(), "already applied to the contact");
        }
        String state = matrix.state(event.state());
        if (state == null) {
            return event.judged(ContactEvent.Verdict.ILLEGAL, current == null ? event.previousState() : current.state(),
                    "unknown state '" + event.state() + "'");
        }
        String from = current != null ? current.state() : event.previousState();
        if (from != null && !matrix.allows(from, state)) {
            return event.judged(ContactEvent.Verdict.ILLEGAL, from, "illegal transition " + from + " -> " + state);
        }
        return event.applying(state, matrix.state(from), found);
    }
}
