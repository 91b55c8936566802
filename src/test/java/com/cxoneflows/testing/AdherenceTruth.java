package com.cxoneflows.testing;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;
import java.util.TreeMap;

/** The simulator's adherence world and the product's {@code /api/adherence}, in one shape, for equality checks. */
public final class AdherenceTruth {

    private AdherenceTruth() {
    }

    /** {@code "sequenceId"} → the latest sequenceId, and agent id → "scheduled|actual|inAdherence" for every agent. */
    public static Map<String, String> simulator(SimulatorClient sim) {
        JsonNode truth = sim.adherence("truth");
        Map<String, String> view = new TreeMap<>();
        view.put("sequenceId", truth.path("sequenceId").asText());
        truth.path("agents").fields().forEachRemaining(agent -> view.put(agent.getKey(), line(agent.getValue())));
        return view;
    }

    /** The same view of the product's adherence store, read over its API. */
    public static Map<String, String> product(String apiBase) {
        JsonNode answer = Http.get(apiBase + "/api/adherence").json();
        Map<String, String> view = new TreeMap<>();
        view.put("sequenceId", answer.path("sequenceId").asText());
        answer.path("agents").forEach(agent -> view.put(agent.path("agentId").asText(), line(agent)));
        return view;
    }

    private static String line(JsonNode agent) {
        return agent.path("scheduledState").asText() + "|" + agent.path("actualState").asText() + "|"
                + agent.path("inAdherence").asBoolean();
    }
}
