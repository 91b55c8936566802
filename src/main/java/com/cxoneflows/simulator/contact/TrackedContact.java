package com.cxoneflows.simulator.contact;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The truth about one contact: what its applied events made of it (illegal and malformed ones never apply). */
final class TrackedContact {

    /** The members of event data that describe the event rather than the contact. */
    private static final Set<String> EVENT_MEMBERS = Set.of("contact", "state", "previous_state", "timestamp");

    private final String id;
    private final String queueId;
    private final Map<String, Object> merged = new LinkedHashMap<>();
    private ContactState state;
    private ContactState previousState;
    private long lastEventId;
    private String updatedAt;

    TrackedContact(String id, String queueId) {
        this.id = id;
        this.queueId = queueId;
    }

    String id() {
        return id;
    }

    String queueId() {
        return queueId;
    }

    ContactState state() {
        return state;
    }

    /** Applies a legal event: merged = deepMerge(merged, data.contact ∪ the data's further members). */
    @SuppressWarnings("unchecked")
    void apply(long eventId, ContactState to, Map<String, Object> data) {
        DeepMerge.into(merged, (Map<String, Object>) data.get("contact"));
        data.forEach((key, value) -> {
            if (!EVENT_MEMBERS.contains(key)) {
                DeepMerge.put(merged, key, value);
            }
        });
        previousState = state;
        state = to;
        lastEventId = eventId;
        updatedAt = (String) data.get("timestamp");
    }

    /** The entry of {@code GET /_sim/contacts/truth}. */
    Map<String, Object> truth() {
        Map<String, Object> truth = new LinkedHashMap<>();
        truth.put("state", state.wire());
        truth.put("previousState", previousState == null ? null : previousState.wire());
        truth.put("lastEventId", EventIds.format(lastEventId));
        truth.put("updatedAt", updatedAt);
        truth.put("contact", merged);
        return truth;
    }

    /** The entry of the snapshot (contract §6): the shape of an event's data plus the last applied event's id. */
    Map<String, Object> snapshotEntry() {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("contact", merged);
        entry.put("state", state.wire());
        if (previousState != null) {
            entry.put("previous_state", previousState.wire());
        }
        entry.put("timestamp", updatedAt);
        entry.put("lastEventId", EventIds.format(lastEventId));
        return entry;
    }
}
