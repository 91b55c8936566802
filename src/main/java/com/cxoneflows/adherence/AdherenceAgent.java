package com.cxoneflows.adherence;

import com.cxoneflows.stream.Timestamps;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One agent's adherence as the flow holds it, with the spec's field names.
 *
 * @param outOfAdherenceSince when the agent went out of adherence (ISO-8601 UTC), null while in adherence
 * @param sequenceId          the last event applied to it, or the baseline's sequenceId
 */
public record AdherenceAgent(String agentId, String scheduledState, String actualState, boolean inAdherence,
                             String outOfAdherenceSince, long sequenceId) {

    /**
     * The agent after a change to {@code inAdherence}: going out starts the clock at {@code changedAt}, staying out
     * keeps when it started, coming back clears it. {@code scheduled} and {@code actual} are kept where null.
     */
    AdherenceAgent changed(String scheduled, String actual, boolean nowInAdherence, String changedAt, long sequence) {
        String since = nowInAdherence ? null : inAdherence ? changedAt : outOfAdherenceSince;
        return new AdherenceAgent(agentId, scheduled != null ? scheduled : scheduledState, actual != null ? actual : actualState,
                nowInAdherence, since, sequence);
    }

    /** The agent as the API shows it and the alert webhook receives it. */
    public Map<String, Object> view() {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("agentId", agentId);
        view.put("scheduledState", scheduledState);
        view.put("actualState", actualState);
        view.put("inAdherence", inAdherence);
        // kept as the event gave it (rows stored before included); answered, and alerted, in the contract's form
        view.put("outOfAdherenceSince", Timestamps.utc(outOfAdherenceSince));
        view.put("sequenceId", sequenceId);
        return view;
    }

    /** An agent the flow has not seen before: taken as in adherence until this change says otherwise. */
    static AdherenceAgent first(String agentId) {
        return new AdherenceAgent(agentId, null, null, true, null, -1);
    }
}
