package com.cxoneflows.contact;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One event of the contact stream on its way through the flow: parsed, then judged, then applied or recorded.
 *
 * @param delta      the contact fields the event carries ({@code contact} and any further top-level fields)
 * @param verdict    what the flow does with it; {@link Verdict#APPLY} until a step says otherwise
 * @param fromState  the state the transition was checked from, if any
 * @param reason     why it is not applied, for the record
 * @param latest     the contact as the check found it in the store, for the merge; null if the check did not look it
 *                   up (an earlier event of its batch changes it)
 */
public record ContactEvent(String streamName, String filterKey, String eventId, String contactId, String state,
                           String previousState, String timestamp, ObjectNode delta, String rawData,
                           Verdict verdict, String fromState, String reason, LatestContact latest) {

    /** What happens to an event. */
    public enum Verdict { APPLY, DUPLICATE, ILLEGAL, MALFORMED }

    public ContactEvent judged(Verdict newVerdict, String from, String why) {
        return new ContactEvent(streamName, filterKey, eventId, contactId, state, previousState, timestamp, delta, rawData,
                newVerdict, from, why, null);
    }

    /**
     * To be applied, from {@code from}; {@code knownState} is this event's state as the transition matrix names it, so
     * the contacts the store holds share one string per state; {@code found} is the contact as the check found it, or
     * null.
     */
    ContactEvent applying(String knownState, String from, LatestContact found) {
        return new ContactEvent(streamName, filterKey, eventId, contactId, knownState, previousState, timestamp, delta,
                rawData, Verdict.APPLY, from, null, found);
    }
}
