package com.cxoneflows.contact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.Map;

/**
 * Merges a partial event into a contact: fields it carries replace, nested objects merge, absent fields stay. The
 * delta's nodes become the contact's, not copies: the delta is the event's own parse tree, not used after the merge
 * (copying them took about 2 % of the product's CPU in a burst).
 *
 * <p>Only a contact's top level changes in place: a nested object the delta changes is replaced by a merged copy, never
 * changed. So trees may share nested objects, and a contact the committer is writing is copied by its top level alone
 * (a deep copy took 4 % of the product's CPU in a burst).
 */
final class ContactMerge {

    private ContactMerge() {
    }

    static ObjectNode merge(ObjectNode contact, ObjectNode delta) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = delta.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode existing = contact.get(field.getKey());
            if (existing instanceof ObjectNode existingObject && field.getValue() instanceof ObjectNode deltaObject) {
                contact.set(field.getKey(), merge(topLevelCopy(existingObject), deltaObject));
            } else {
                contact.set(field.getKey(), field.getValue());
            }
        }
        return contact;
    }

    /** A new object with the same fields, whose values are shared: enough, as a merge never changes a nested object. */
    static ObjectNode topLevelCopy(ObjectNode contact) {
        ObjectNode copy = contact.objectNode();
        copy.setAll(contact);
        return copy;
    }
}
