package com.cxoneflows.adherence;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Agents out of adherence for {@code alertAfter} or longer, each reported once per spell out of adherence (a spell is
 * known by its {@code outOfAdherenceSince}). Which spells were reported is kept in memory: after a restart an agent
 * still out is reported once more.
 */
public class AdherenceAlerts {

    private final AdherenceStore store;
    private final Duration alertAfter;
    private final Clock clock;
    /** Agent id → the start of the spell already reported. */
    private final Map<String, String> reported = new HashMap<>();

    public AdherenceAlerts(AdherenceStore store, Duration alertAfter, Clock clock) {
        this.store = store;
        this.alertAfter = alertAfter;
        this.clock = clock;
    }

    /** The alerts due now, as the webhook receives them (an agent as {@code /api/adherence} shows it); each once. */
    public synchronized List<Map<String, Object>> due() {
        List<AdherenceAgent> out = store.snapshot(agent -> !agent.inAdherence()).agents();
        Map<String, String> spells = new HashMap<>();
        out.forEach(agent -> spells.put(agent.agentId(), agent.outOfAdherenceSince()));
        // a spell that ended is forgotten, so the agent's next one is reported again
        reported.entrySet().removeIf(spell -> !spell.getValue().equals(spells.get(spell.getKey())));
        Instant dueBefore = clock.instant().minus(alertAfter);
        List<Map<String, Object>> alerts = new ArrayList<>();
        for (AdherenceAgent agent : out) {
            Instant since = instant(agent.outOfAdherenceSince());
            if (since != null && !since.isAfter(dueBefore) && !reported.containsKey(agent.agentId())) {
                reported.put(agent.agentId(), agent.outOfAdherenceSince());
                alerts.add(agent.view());
            }
        }
        return alerts;
    }

    private static Instant instant(String timestamp) {
        try {
            return timestamp == null ? null : Instant.parse(timestamp);
        } catch (DateTimeParseException unreadable) {
            // a server timestamp we cannot read starts no clock
            return null;
        }
    }
}
