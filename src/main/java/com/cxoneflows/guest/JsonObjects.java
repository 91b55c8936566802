package com.cxoneflows.guest;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * A JSON object written field by field into text, for the bodies the routing path writes once per conversation (the
 * Task Routing request, the CRM record): building a tree to write it cost more than the writing.
 */
final class JsonObjects {

    /** Writes the object's fields, between its braces. */
    @FunctionalInterface
    interface Fields {
        void write(JsonGenerator object) throws IOException;
    }

    private JsonObjects() {
    }

    /** The object as text; {@code expectedLength} sizes the buffer. */
    static String write(ObjectMapper json, int expectedLength, Fields fields) {
        StringWriter text = new StringWriter(expectedLength);
        try (JsonGenerator object = json.getFactory().createGenerator(text)) {
            object.writeStartObject();
            fields.write(object);
            object.writeEndObject();
        } catch (IOException notToAString) {
            throw new UncheckedIOException(notToAString);
        }
        return text.toString();
    }
}
