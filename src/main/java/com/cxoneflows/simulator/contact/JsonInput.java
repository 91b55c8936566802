package com.cxoneflows.simulator.contact;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.Set;

/**
 * A JSON object posted to a {@code /_sim/contacts} switch, read strictly: unknown members and values of the
 * wrong type or range are refused with a reason, so that a typo in a test fails loudly instead of doing nothing.
 */
final class JsonInput {

    private final JsonObject body;

    private JsonInput(JsonObject body) {
        this.body = body;
    }

    static JsonInput of(RoutingContext ctx) {
        JsonObject body;
        try {
            body = ctx.body().asJsonObject();
        } catch (RuntimeException notJson) {
            throw new IllegalArgumentException("expected a JSON object");
        }
        if (body == null) {
            throw new IllegalArgumentException("expected a JSON object");
        }
        return new JsonInput(body);
    }

    JsonInput allowOnly(Set<String> names) {
        for (String name : body.fieldNames()) {
            if (!names.contains(name)) {
                throw new IllegalArgumentException("unknown member '" + name + "', expected some of " + names);
            }
        }
        return this;
    }

    boolean has(String name) {
        return body.getValue(name) != null;
    }

    /** A whole number within [min, max], or {@code fallback} when absent. */
    long whole(String name, long min, long max, long fallback) {
        Object value = body.getValue(name);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() < min
                || ((Number) value).longValue() > max) {
            throw new IllegalArgumentException(name + " must be a whole number from " + min + " to " + max);
        }
        return ((Number) value).longValue();
    }

    /** A whole number within [min, max] that must be there. */
    long required(String name, long min, long max) {
        if (!has(name)) {
            throw new IllegalArgumentException(name + " is required");
        }
        return whole(name, min, max, 0);
    }

    boolean bool(String name, boolean fallback) {
        Object value = body.getValue(name);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Boolean flag)) {
            throw new IllegalArgumentException(name + " must be true or false");
        }
        return flag;
    }

    String text(String name, String fallback) {
        Object value = body.getValue(name);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof String text)) {
            throw new IllegalArgumentException(name + " must be a string");
        }
        return text;
    }

    JsonArray array(String name) {
        Object value = body.getValue(name);
        if (!(value instanceof JsonArray array)) {
            throw new IllegalArgumentException(name + " must be an array");
        }
        return array;
    }
}
