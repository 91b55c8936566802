package com.cxoneflows.contact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The merge of an event into a contact, and the copy a contact the committer is writing is merged into. */
class ContactMergeTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void shouldMergeIntoATopLevelCopyWithoutChangingTheTreeItWasCopiedFrom() throws Exception {
        ObjectNode written = object("{\"id\":\"c-1\",\"queue\":\"q-1\",\"attributes\":{\"priority\":1,\"tags\":{\"vip\":true}}}");
        JsonNode asWritten = written.deepCopy();

        ObjectNode merged = ContactMerge.merge(ContactMerge.topLevelCopy(written),
                object("{\"agent_id\":\"a-7\",\"attributes\":{\"tags\":{\"lang\":\"fr\"}}}"));
        // a further event of the open group merges into the copy in place
        ContactMerge.merge(merged, object("{\"attributes\":{\"priority\":3,\"tags\":{\"vip\":false}}}"));

        assertThat(merged).isEqualTo(object("{\"id\":\"c-1\",\"queue\":\"q-1\",\"agent_id\":\"a-7\","
                + "\"attributes\":{\"priority\":3,\"tags\":{\"vip\":false,\"lang\":\"fr\"}}}"));
        assertThat(written).as("the tree the committer writes").isEqualTo(asWritten);
    }

    @Test
    void shouldReplaceFieldsKeepAbsentOnesAndTakeANestedObjectTheContactLacks() throws Exception {
        ObjectNode contact = object("{\"id\":\"c-1\",\"state\":\"queued\",\"skill\":\"sales\",\"attributes\":7}");

        ContactMerge.merge(contact, object("{\"state\":\"ringing\",\"attributes\":{\"priority\":2},\"wrapup\":{\"code\":\"x\"}}"));

        assertThat(contact).isEqualTo(object("{\"id\":\"c-1\",\"state\":\"ringing\",\"skill\":\"sales\","
                + "\"attributes\":{\"priority\":2},\"wrapup\":{\"code\":\"x\"}}"));
    }

    private ObjectNode object(String text) throws Exception {
        return (ObjectNode) json.readTree(text);
    }
}
