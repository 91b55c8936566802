package com.cxoneflows.testing;

import com.fasterxml.jackson.databind.JsonNode;

/** A product's {@code /api/streams} rows, as tests wait on them. */
public final class Streams {

    private Streams() {
    }

    /** The row of stream {@code name} at the product's {@code baseUrl}, or an empty object. */
    public static JsonNode stream(String baseUrl, String name) {
        for (JsonNode stream : Http.get(baseUrl + "/api/streams").json().path("streams")) {
            if (stream.path("name").asText().equals(name)) {
                return stream;
            }
        }
        return Http.JSON.createObjectNode();
    }

    /** True once the stream is connected; false while the product does not answer yet. */
    public static boolean connected(String baseUrl, String name) {
        try {
            return stream(baseUrl, name).path("connected").asBoolean();
        } catch (RuntimeException | AssertionError notUpYet) {
            // no answer yet, or the HTTP server answers before the API's routes are up
            return false;
        }
    }
}
