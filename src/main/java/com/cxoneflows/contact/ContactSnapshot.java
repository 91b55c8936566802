package com.cxoneflows.contact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A contact snapshot (contract §6): every contact of a filter as of {@code lastEventId}, which replaces the filter's
 * stored contacts when the server no longer knows the stream's cursor.
 */
record ContactSnapshot(String lastEventId, List<ContactRecord> contacts) {

    /** An entry's fields that are not the contact's: an event's, and the last event applied to the contact. */
    private static final Set<String> ENTRY_FIELDS = Set.of("contact", "state", "previous_state", "timestamp", "lastEventId");

    /**
     * Reads the snapshot's body; an entry without a contact id or a state is left out. A contact without its own
     * {@code lastEventId} takes the snapshot's.
     */
    static ContactSnapshot read(ObjectMapper json, String body, String filter) throws IOException {
        JsonNode root = json.readTree(body);
        String lastEventId = root.path("lastEventId").asText();
        List<ContactRecord> records = new ArrayList<>();
        for (JsonNode entry : root.path("contacts")) {
            String id = entry.path("contact").path("id").asText("");
            if (id.isEmpty() || !entry.path("state").isTextual()) {
                continue;
            }
            ObjectNode contact = ContactEvents.contact(entry, ENTRY_FIELDS);
            records.add(new ContactRecord(id, filter, entry.path("state").asText(), entry.path("previous_state").textValue(),
                    entry.path("lastEventId").asText(lastEventId), entry.path("timestamp").textValue(), contact.toString()));
        }
        return new ContactSnapshot(lastEventId, records);
    }
}
