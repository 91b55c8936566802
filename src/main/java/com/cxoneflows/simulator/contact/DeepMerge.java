package com.cxoneflows.simulator.contact;

import java.util.LinkedHashMap;
import java.util.Map;

/** The contract's merge rule for deltas: objects merge recursively, other values replace, absent fields stay. */
final class DeepMerge {

    private DeepMerge() {
    }

    static void into(Map<String, Object> target, Map<String, Object> delta) {
        delta.forEach((key, value) -> put(target, key, value));
    }

    /** Merges one member of a delta into {@code target}. */
    @SuppressWarnings("unchecked")
    static void put(Map<String, Object> target, String key, Object value) {
        if (value instanceof Map<?, ?> inner && target.get(key) instanceof Map<?, ?> existing) {
            into((Map<String, Object>) existing, (Map<String, Object>) inner);
        } else {
            target.put(key, copy(value));
        }
    }

    /** A copy that later merges may change without touching the event it came from. */
    @SuppressWarnings("unchecked")
    static Object copy(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copied = new LinkedHashMap<>();
            ((Map<String, Object>) map).forEach((key, inner) -> copied.put(key, copy(inner)));
            return copied;
        }
        return value;
    }
}
