package com.cxoneflows.simulator.adherence;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.HashSet;
import java.util.Set;

/**
 * A client frame on the notifications socket read as contract §5's subscribe:
 * {@code {"action":"subscribe","payload":{"sequenceId","resources":["adherence"],"agentIds":[…]}}}. No
 * {@code agentIds}, or an empty list, means every agent.
 *
 * @param invalid    why the frame is no valid subscribe, or null
 * @param sequenceId where the subscription starts
 * @param agentIds   the agents it covers; null for all
 */
record AdherenceSubscribe(String invalid, long sequenceId, Set<String> agentIds) {

    static AdherenceSubscribe parse(String text, AdherenceWorld world) {
        Object decoded;
        try {
            decoded = Json.decodeValue(text);
        } catch (DecodeException notJson) {
            decoded = null;
        }
        if (!(decoded instanceof JsonObject frame) || !"subscribe".equals(frame.getValue("action"))) {
            return invalid("not a subscribe frame");
        }
        if (!(frame.getValue("payload") instanceof JsonObject payload)) {
            return invalid("payload is required");
        }
        if (!(payload.getValue("sequenceId") instanceof Number number) || number.doubleValue() != Math.rint(number.doubleValue())
                || number.longValue() < 0) {
            return invalid("payload.sequenceId must be a whole number");
        }
        if (!(payload.getValue("resources") instanceof JsonArray resources) || !resources.contains("adherence")) {
            return invalid("payload.resources must name adherence");
        }
        Object ids = payload.getValue("agentIds");
        if (ids != null && !(ids instanceof JsonArray)) {
            return invalid("payload.agentIds must be an array");
        }
        Set<String> agentIds = new HashSet<>();
        for (Object id : ids == null ? new JsonArray() : (JsonArray) ids) {
            if (!(id instanceof String agentId) || !world.knows(agentId)) {
                return invalid("unknown agent: " + id);
            }
            agentIds.add(agentId);
        }
        return new AdherenceSubscribe(null, number.longValue(), agentIds.isEmpty() ? null : Set.copyOf(agentIds));
    }

    private static AdherenceSubscribe invalid(String reason) {
        return new AdherenceSubscribe("invalid_subscribe: " + reason, -1, null);
    }
}
