package com.cxoneflows.simulator.presence;

import com.cxoneflows.simulator.SimulatorContext;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One {@code presence.update} of contract §4, in its two spellings: the delta (only the fields that changed; a
 * cleared field as {@code null}) and the user's full state after it, which the simulator sends instead the first
 * time a socket hears of that user. Both frames are made once, whichever socket asks first.
 */
final class PresenceUpdate {

    private final String userId;
    private final long sequence;
    private final Map<String, Object> changed;
    private final Map<String, Object> state;
    private final String timestamp;
    private String delta;
    private String full;

    /**
     * @param changed the fields this update carries (null values clear)
     * @param state   every field of the user after it
     */
    PresenceUpdate(String userId, long sequence, Map<String, Object> changed, Map<String, Object> state, String timestamp) {
        this.userId = userId;
        this.sequence = sequence;
        this.changed = changed;
        this.state = state;
        this.timestamp = timestamp;
    }

    String userId() {
        return userId;
    }

    long sequence() {
        return sequence;
    }

    synchronized String deltaFrame() {
        if (delta == null) {
            delta = frame(changed);
        }
        return delta;
    }

    synchronized String fullFrame() {
        if (full == null) {
            full = frame(state);
        }
        return full;
    }

    private String frame(Map<String, Object> fields) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("userId", userId);
        payload.putAll(fields);
        payload.put("timestamp", timestamp);
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("type", "presence.update");
        frame.put("sequence", sequence);
        frame.put("payload", payload);
        return SimulatorContext.json(frame);
    }
}
