package com.cxoneflows.simulator.agent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The agent states the simulator plays (contract §3) and which transitions between them are legal. It is
 * the product's default matrix, so that every event the simulator calls legal is one the flows accept;
 * the reason codes go with the state an agent enters.
 */
final class AgentStateMatrix {

    private static final Map<String, List<String>> ALLOWED = allowed();

    private static final Map<String, List<String>> REASONS = Map.of(
            "available", List.of("ready"),
            "busy", List.of("inbound-call", "outbound-call"),
            "wrap-up", List.of("after-call-work"),
            "break", List.of("lunch", "training"),
            "offline", List.of("end-of-shift"));

    private AgentStateMatrix() {
    }

    private static Map<String, List<String>> allowed() {
        Map<String, List<String>> matrix = new LinkedHashMap<>();
        matrix.put("available", List.of("busy", "break", "offline"));
        matrix.put("busy", List.of("wrap-up"));
        matrix.put("wrap-up", List.of("available", "break"));
        matrix.put("break", List.of("available", "offline"));
        matrix.put("offline", List.of("available"));
        return matrix;
    }

    static List<String> states() {
        return List.copyOf(ALLOWED.keySet());
    }

    static List<String> allowedFrom(String state) {
        return ALLOWED.get(state);
    }

    /** The other states an agent in {@code state} may not enter; never empty for the default matrix. */
    static List<String> forbiddenFrom(String state) {
        List<String> forbidden = new ArrayList<>(ALLOWED.keySet());
        forbidden.remove(state);
        forbidden.removeAll(ALLOWED.get(state));
        return forbidden;
    }

    static String reasonFor(String state, Random random) {
        List<String> reasons = REASONS.get(state);
        return reasons.get(random.nextInt(reasons.size()));
    }
}
