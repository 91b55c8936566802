package com.cxoneflows.simulator.agent;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A client frame on the agent stream read as contract §3's subscribe. A frame that is no subscribe at all
 * is an {@code error}; a subscribe the server will not take is a {@code reject}, which leaves the socket open.
 * {@code stateMatrix} and {@code alertThresholds} are the client's own settings and are not checked.
 *
 * @param error        why the frame is no subscribe, or null
 * @param rejectReason why the subscribe is refused, or null
 * @param agentIds     the agents of a valid subscribe
 */
record SubscribeFrame(String error, String rejectReason, List<String> agentIds) {

    static final String EVENT_TYPE = "agent.state.change";
    static final int MAX_AGENTS = 50;

    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    static SubscribeFrame parse(String text, AgentWorld world) {
        Object decoded;
        try {
            decoded = Json.decodeValue(text);
        } catch (DecodeException notJson) {
            decoded = null;
        }
        if (!(decoded instanceof JsonObject frame)) {
            return new SubscribeFrame("not a JSON object", null, null);
        }
        if (!"subscribe".equals(frame.getValue("action"))) {
            return new SubscribeFrame("unknown action " + frame.getValue("action") + ": only subscribe is supported", null, null);
        }
        if (!(frame.getValue("events") instanceof JsonArray events) || events.isEmpty()
                || !events.stream().allMatch(EVENT_TYPE::equals)) {
            return reject("events must list " + EVENT_TYPE + " and nothing else");
        }
        if (!(frame.getValue("filters") instanceof JsonObject filters)
                || !(filters.getValue("agentIds") instanceof JsonArray ids)) {
            return reject("filters.agentIds is required");
        }
        if (ids.isEmpty() || ids.size() > MAX_AGENTS) {
            return reject("filters.agentIds must hold 1 to " + MAX_AGENTS + " agents, not " + ids.size());
        }
        List<String> agentIds = new ArrayList<>();
        for (Object id : ids) {
            if (!(id instanceof String agentId) || !UUID.matcher(agentId).matches()) {
                return reject("not a UUID: " + id);
            }
            if (!world.knows(agentId)) {
                return reject("unknown agent: " + agentId);
            }
            agentIds.add(agentId);
        }
        return new SubscribeFrame(null, null, List.copyOf(agentIds));
    }

    private static SubscribeFrame reject(String reason) {
        return new SubscribeFrame(null, reason, null);
    }
}
