package com.cxoneflows.transition;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which state may follow which, read from configuration such as
 * {@code queued->ringing,abandoned; ringing->connected,abandoned,queued; completed->}.
 * A state with nothing after {@code ->} ends its subject; a state not named at all is unknown.
 */
public final class TransitionMatrix {

    private final Map<String, Set<String>> allowed;
    /** Each state's name, to itself. */
    private final Map<String, String> names = new HashMap<>();

    private TransitionMatrix(Map<String, Set<String>> allowed) {
        this.allowed = allowed;
        allowed.keySet().forEach(state -> names.put(state, state));
    }

    /** @param property the key the text came from, named in errors */
    public static TransitionMatrix parse(String property, String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(property + " is empty: list the allowed transitions, e.g. queued->ringing,abandoned");
        }
        Map<String, Set<String>> allowed = new LinkedHashMap<>();
        for (String rule : text.split(";")) {
            if (rule.isBlank()) {
                continue;
            }
            int arrow = rule.indexOf("->");
            if (arrow < 0) {
                throw new IllegalArgumentException(property + ": '" + rule.trim() + "' is not 'from->to,to'");
            }
            String from = rule.substring(0, arrow).trim();
            if (from.isEmpty()) {
                throw new IllegalArgumentException(property + ": '" + rule.trim() + "' has no state before '->'");
            }
            Set<String> targets = new LinkedHashSet<>();
            for (String to : rule.substring(arrow + 2).split(",")) {
                if (!to.isBlank()) {
                    targets.add(to.trim());
                }
            }
            if (allowed.put(from, Collections.unmodifiableSet(targets)) != null) {
                throw new IllegalArgumentException(property + ": state '" + from + "' is listed twice");
            }
        }
        for (Set<String> targets : allowed.values()) {
            for (String to : targets) {
                if (!allowed.containsKey(to)) {
                    throw new IllegalArgumentException(property + ": '" + to + "' is a target but not a state; add '" + to + "->'");
                }
            }
        }
        return new TransitionMatrix(Collections.unmodifiableMap(allowed));
    }

    public boolean isState(String state) {
        return allowed.containsKey(state);
    }

    /**
     * The matrix's own instance of a state's name, or null if it is no state: what a flow keeps for many subjects
     * then shares one string per state instead of holding the copy each event was parsed into.
     */
    public String state(String name) {
        return name == null ? null : names.get(name);
    }

    public boolean allows(String from, String to) {
        Set<String> targets = allowed.get(from);
        return targets != null && targets.contains(to);
    }

    public Set<String> states() {
        return allowed.keySet();
    }

    public Map<String, Set<String>> asMap() {
        return allowed;
    }
}
