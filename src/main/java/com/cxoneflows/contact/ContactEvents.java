package com.cxoneflows.contact;

import com.cxoneflows.sse.CxoneSseConstants;
import com.cxoneflows.stream.StreamEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Header;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses a {@code contact.state.change} event (contract §2). Anything else (no event id, data that is not JSON,
 * no {@code contact.id}, no {@code state}, another event type) comes out {@link ContactEvent.Verdict#MALFORMED}
 * with the reason: bad input is recorded, never thrown at the stream.
 */
public class ContactEvents implements Processor {

    static final String EVENT_TYPE = "contact.state.change";
    private static final Set<String> EVENT_FIELDS = Set.of("contact", "state", "previous_state", "timestamp");

    private final ObjectMapper json;

    public ContactEvents(ObjectMapper json) {
        this.json = json;
    }

    /**
     * The route's parse step: the event's data in, a {@link ContactEvent} out; or a batch ({@code List<StreamEvent>}) in,
     * a {@code List<ContactEvent>} in the same order out.
     */
    @Override
    public void process(Exchange exchange) {
        var in = exchange.getIn();
        String stream = in.getHeader(CxoneSseConstants.STREAM, String.class);
        String filter = in.getHeader(CxoneSseConstants.FILTER, String.class);
        if (in.getBody() instanceof List<?> batch) {
            List<ContactEvent> parsed = new ArrayList<>(batch.size());
            for (Object each : batch) {
                StreamEvent event = (StreamEvent) each;
                parsed.add(parse(event.data(), event.id(), event.type(), stream, filter));
            }
            in.setBody(parsed);
        } else {
            in.setBody(parse(in.getBody(String.class), in.getHeader(CxoneSseConstants.EVENT_ID, String.class),
                    in.getHeader(CxoneSseConstants.EVENT_TYPE, String.class), stream, filter));
        }
    }

    public ContactEvent parse(@Body String data, @Header(CxoneSseConstants.EVENT_ID) String eventId,
                              @Header(CxoneSseConstants.EVENT_TYPE) String type,
                              @Header(CxoneSseConstants.STREAM) String stream,
                              @Header(CxoneSseConstants.FILTER) String filter) {
        if (!EVENT_TYPE.equals(type)) {
            return malformed(stream, filter, eventId, null, data, "unknown event type '" + type + "'");
        }
        if (eventId == null || eventId.isEmpty()) {
            // no place after the cursor and nothing to judge a replay by (an empty "id:" resets the SSE last event id)
            return malformed(stream, filter, eventId, null, data, "no event id");
        }
        JsonNode root;
        try {
            root = json.readTree(data == null ? "" : data);
        } catch (IOException e) {
            return malformed(stream, filter, eventId, null, data, "data is not JSON");
        }
        if (root == null || !root.isObject()) {
            return malformed(stream, filter, eventId, null, data, "data is not a JSON object");
        }
        JsonNode contact = root.path("contact");
        String contactId = contact.path("id").isTextual() ? contact.path("id").asText() : null;
        if (contactId == null || contactId.isEmpty()) {
            return malformed(stream, filter, eventId, null, data, "no contact.id");
        }
        String state = root.path("state").isTextual() ? root.path("state").asText() : null;
        if (state == null || state.isEmpty()) {
            return malformed(stream, filter, eventId, contactId, data, "no state");
        }
        // the parsed tree is ours: the contact object becomes the delta
        ObjectNode delta = contact(root, EVENT_FIELDS);
        String previous = root.path("previous_state").isTextual() ? root.path("previous_state").asText() : null;
        String timestamp = root.path("timestamp").isTextual() ? root.path("timestamp").asText() : null;
        return new ContactEvent(stream, filter, eventId, contactId, state, previous, timestamp, delta, data,
                ContactEvent.Verdict.APPLY, null, null, null);
    }

    /**
     * The contact of an event's data, or of a snapshot's entry (contract §6: it has the event's shape): its
     * {@code contact} object, which must have an id, with the further top-level fields added but {@code notContact}.
     * The tree is changed in place.
     */
    static ObjectNode contact(JsonNode data, Set<String> notContact) {
        ObjectNode contact = (ObjectNode) data.path("contact");
        for (Iterator<Map.Entry<String, JsonNode>> fields = data.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!notContact.contains(field.getKey())) {
                contact.set(field.getKey(), field.getValue());
            }
        }
        return contact;
    }

    private static ContactEvent malformed(String stream, String filter, String eventId, String contactId, String data,
                                          String reason) {
        return new ContactEvent(stream, filter, eventId, contactId, null, null, null, null, data,
                ContactEvent.Verdict.MALFORMED, null, reason, null);
    }
}
