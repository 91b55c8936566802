package com.cxoneflows.agent;

import com.cxoneflows.transition.TransitionMatrix;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The agent-monitor's subscription, checked before anything is sent (contract §3): agent ids are UUIDs,
 * 1 to 50 per subscription (more agents make several subscriptions), at most 500 subscriptions per tenant,
 * a state matrix whose targets are states, positive thresholds. A violation names the property to fix.
 */
public record AgentMonitorSettings(List<String> agentIds, TransitionMatrix stateMatrix, long maxLatencyMs,
                                   int maxUnverifiedTransitions, double minAccuracy) {

    public static final int AGENTS_PER_SUBSCRIPTION = 50;
    public static final int MAX_SUBSCRIPTIONS = 500;
    private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    public AgentMonitorSettings {
        for (String id : agentIds) {
            if (!UUID.matcher(id).matches()) {
                throw new IllegalArgumentException("cxone.agents.ids: '" + id + "' is not a UUID");
            }
        }
        if (subscriptionsFor(agentIds.size()) > MAX_SUBSCRIPTIONS) {
            throw new IllegalArgumentException("cxone.agents.ids: " + agentIds.size() + " agents need "
                    + subscriptionsFor(agentIds.size()) + " subscriptions; a tenant holds at most " + MAX_SUBSCRIPTIONS
                    + " (" + MAX_SUBSCRIPTIONS * AGENTS_PER_SUBSCRIPTION + " agents)");
        }
        if (maxLatencyMs <= 0) {
            throw new IllegalArgumentException("cxone.agents.max-latency-ms must be above 0, was " + maxLatencyMs);
        }
        if (maxUnverifiedTransitions < 0) {
            throw new IllegalArgumentException("cxone.agents.max-unverified-transitions must not be negative");
        }
        if (minAccuracy <= 0 || minAccuracy > 1) {
            throw new IllegalArgumentException("cxone.agents.min-accuracy must be in (0, 1], was " + minAccuracy);
        }
        agentIds = List.copyOf(agentIds);
    }

    /** Fails, naming the property, when there is nothing to monitor. */
    public AgentMonitorSettings requireAgents() {
        if (agentIds.isEmpty()) {
            throw new IllegalArgumentException("cxone.agents.ids is empty: list the agents to monitor (UUIDs, comma-separated),"
                    + " or set cxone.agents.enabled=false");
        }
        return this;
    }

    /** Reads the comma-separated ids, dropping repeats. */
    public static List<String> parseIds(String csv) {
        if (csv == null || csv.isBlank()) {
            return List.of();
        }
        Set<String> ids = new LinkedHashSet<>();
        Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(s -> s.toLowerCase(java.util.Locale.ROOT))
                .forEach(ids::add);
        return new ArrayList<>(ids);
    }

    /** The agents split into subscriptions of at most 50. */
    public List<List<String>> subscriptions() {
        List<List<String>> groups = new ArrayList<>();
        for (int from = 0; from < agentIds.size(); from += AGENTS_PER_SUBSCRIPTION) {
            groups.add(agentIds.subList(from, Math.min(agentIds.size(), from + AGENTS_PER_SUBSCRIPTION)));
        }
        return groups;
    }

    private static int subscriptionsFor(int agents) {
        return (agents + AGENTS_PER_SUBSCRIPTION - 1) / AGENTS_PER_SUBSCRIPTION;
    }
}
