package com.cxoneflows.simulator;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToIntFunction;

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

    /** A close frame's reason holds at most this many bytes of UTF-8. */
    public static final int MAX_CLOSE_REASON_BYTES = 123;

    /** The value of a field the caller found absent (null) or present. */
    public static int required(Integer value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value;
    }

    /** A fault's {@code count}: 1 to {@code max}, 1 when absent. */
    public static int count(JsonObject body, int max) {
        Integer count = whole(body, "count", 1, max);
        return count == null ? 1 : count;
    }

    /** A string field, or null when absent. */
    public static String text(JsonObject body, String field) {
        Object value = body.getValue(field);
        if (value != null && !(value instanceof String)) {
            throw new IllegalArgumentException(field + " must be a string");
        }
        return (String) value;
    }

    /**
     * Arms a {@code close} fault: {@code code} (one a server may send), {@code reason}, and {@code afterField}, after
     * how many event frames (0 when absent); {@code arm} returns how many open sockets it armed (0: the next one).
     */
    public static Map<String, Object> armClose(JsonObject body, String afterField, ToIntFunction<SocketFaults.CloseFault> arm) {
        allowOnly(body, Set.of("kind", "code", "reason", afterField));
        int code = required(whole(body, "code", 1000, 4999), "code");
        if (code == 1004 || code == 1005 || code == 1015) {
            throw new IllegalArgumentException("close code " + code + " is reserved and never sent");
        }
        String reason = text(body, "reason");
        if (reason != null && reason.getBytes(StandardCharsets.UTF_8).length > MAX_CLOSE_REASON_BYTES) {
            throw new IllegalArgumentException("reason must fit a close frame (" + MAX_CLOSE_REASON_BYTES + " bytes)");
        }
        Integer after = whole(body, afterField, 0, Integer.MAX_VALUE);
        int afterEvents = after == null ? 0 : after;
        int armed = arm.applyAsInt(new SocketFaults.CloseFault(code, reason, afterEvents));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("kind", "close");
        answer.put("code", code);
        answer.put("reason", reason);
        answer.put(afterField, afterEvents);
        answer.put("armed", armed == 0 ? "next-connection" : "open-connections");
        answer.put("connections", armed);
        return answer;
    }

    /**
     * Arms a subscribe protocol's {@code reject} ({@code count}, {@code reason}) or {@code no-ack} ({@code count})
     * fault on {@code faults}; returns the answer, or null when the body is of another kind.
     */
    public static Map<String, Object> subscribeFault(JsonObject body, SocketFaults faults, String defaultReason, int maxCount) {
        Object kind = body.getValue("kind");
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("kind", kind);
        if ("reject".equals(kind)) {
            allowOnly(body, Set.of("kind", "count", "reason"));
            int count = count(body, maxCount);
            String given = text(body, "reason");
            String reason = given == null ? defaultReason : given;
            faults.rejectNextSubscribes(count, reason);
            answer.put("count", count);
            answer.put("reason", reason);
            return answer;
        }
        if ("no-ack".equals(kind)) {
            allowOnly(body, Set.of("kind", "count"));
            int count = count(body, maxCount);
            faults.leaveNextSubscribesUnanswered(count);
            answer.put("count", count);
            return answer;
        }
        return null;
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
