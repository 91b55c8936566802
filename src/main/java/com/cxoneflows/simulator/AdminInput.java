package com.cxoneflows.simulator;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * How the simulator's {@code /_sim} switches read their JSON: input that does not fit, unknown fields
 * included, is refused with {@code 400 {"error"}} and changes nothing.
 */
public final class AdminInput {

    private AdminInput() {
    }

    /** Answers 200 with what {@code action} returns for the body, or 400 with why the body does not fit. */
    public static void answer(RoutingContext ctx, Function<JsonObject, Object> action) {
        Object result;
        try {
            JsonObject body = ctx.body().asJsonObject();
            if (body == null) {
                throw new IllegalArgumentException("expected a JSON object");
            }
            result = action.apply(body);
        } catch (IllegalArgumentException | DecodeException | ClassCastException bad) {
            ctx.response().setStatusCode(400).putHeader("Content-Type", "application/json")
                    .end(SimulatorContext.json(Map.of("error", String.valueOf(bad.getMessage()))));
            return;
        }
        ok(ctx, result);
    }

    public static void ok(RoutingContext ctx, Object body) {
        ctx.response().putHeader("Content-Type", "application/json").end(SimulatorContext.json(body));
    }

    public static void allowOnly(JsonObject body, Set<String> fields) {
        for (String field : body.fieldNames()) {
            if (!fields.contains(field)) {
                throw new IllegalArgumentException("unknown field " + field + "; expected " + fields);
            }
        }
    }

    /** A whole number in {@code [min, max]}, or null when the field is absent. */
    public static Integer whole(JsonObject body, String field, int min, int max) {
        Object value = body.getValue(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof Number number) || number.doubleValue() != Math.rint(number.doubleValue())
                || number.longValue() < min || number.longValue() > max) {
            throw new IllegalArgumentException(field + " must be a whole number from " + min + " to " + max);
        }
        return number.intValue();
    }

    public static Boolean bool(JsonObject body, String field) {
        Object value = body.getValue(field);
        if (value != null && !(value instanceof Boolean)) {
            throw new IllegalArgumentException(field + " must be true or false");
        }
        return (Boolean) value;
    }

    /** The strings of an array field, or null when the field is absent. */
    public static List<String> strings(JsonObject body, String field) {
        Object value = body.getValue(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof JsonArray array)) {
            throw new IllegalArgumentException(field + " must be an array of strings");
        }
        List<String> strings = new ArrayList<>();
        for (Object item : array) {
            if (!(item instanceof String string)) {
                throw new IllegalArgumentException(field + " must be an array of strings");
            }
            strings.add(string);
        }
        return strings;
    }
}
