package com.cxoneflows.simulator.agent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The agent states the simulator plays (contract §3) and which transitions between them are legal: the
 * reference's matrix (seed 002), which is also the product's default, so that every event the simulator calls
 * legal is one the flows accept; the reason codes go with the state an agent enters.
 */
final class AgentStateMatrix {

    private static final Map<String, List<String>> ALLOWED = allowed();

    private static final Map<String, List<String>> REASONS = Map.of(
            "available", List.of("ready"),
            "busy", List.of("inbound-call", "outbound-call"),
            "wrap-up", List.of("after-call-work"),
            "break", List.of("lunch", "training"));

    private AgentStateMatrix() {
    }

    private static Map<String, List<String>> allowed() {
        Map<String, List<String>> matrix = new LinkedHashMap<>();
        matrix.put("available", List.of("busy", "wrap-up", "break"));
        matrix.put("busy", List.of("wrap-up", "available"));
        matrix.put("wrap-up", List.of("available", "break"));
        matrix.put("break", List.of("available"));
        return matrix;
    }

    static List<String> states() {
        return List.copyOf(ALLOWED.keySet());
    }

    static List<String> allowedFrom(String state) {
        return ALLOWED.get(state);
    }

    /**
     * The states an agent in {@code state} may not enter, its own included: the matrix lists no state as following
     * itself, and from {@code available} staying put is the only illegal move there is.
     */
    static List<String> forbiddenFrom(String state) {
        List<String> forbidden = new ArrayList<>(ALLOWED.keySet());
        forbidden.removeAll(ALLOWED.get(state));
        return forbidden;
    }

    static String reasonFor(String state, Random random) {
        List<String> reasons = REASONS.get(state);
        return reasons.get(random.nextInt(reasons.size()));
    }
}
