package com.cxoneflows.presence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One user's merged presence: every field any applied update carried (a cleared one as {@code null}), the last
 * applied sequence and that update's timestamp. Immutable: a merge makes a new one.
 */
public record UserPresence(String userId, Map<String, JsonNode> fields, long sequence, String updatedAt) {

    /** The fields of the wire contract, in every row even before an update has carried them. */
    private static final String[] CONTRACT_FIELDS = {"status", "queueName", "wrapUpCode"};

    public UserPresence {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** A user no update has been applied to yet: every field null. */
    static UserPresence unknown(String userId) {
        return new UserPresence(userId, Map.of(), 0, null);
    }

    /** This user after {@code update}: the fields it carries replace, the others stay. */
    UserPresence merge(PresenceUpdate update) {
        Map<String, JsonNode> merged = new LinkedHashMap<>(fields);
        merged.putAll(update.fields());
        return new UserPresence(userId, merged, update.sequence(), update.updatedAt());
    }

    /** The fields {@code update} changes here; an absent field counts as {@code null}. */
    Set<String> changedBy(PresenceUpdate update) {
        Set<String> changed = new HashSet<>();
        update.fields().forEach((field, value) -> {
            if (!value(field).equals(value)) {
                changed.add(field);
            }
        });
        return changed;
    }

    private JsonNode value(String field) {
        return fields.getOrDefault(field, NullNode.getInstance());
    }

    /** The row of {@code /api/presence} and of the feed: userId, the contract's fields, any other, sequence, updatedAt. */
    public Map<String, Object> row() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("userId", userId);
        for (String field : CONTRACT_FIELDS) {
            row.put(field, value(field));
        }
        fields.forEach(row::putIfAbsent);
        row.put("sequence", sequence);
        row.put("updatedAt", updatedAt);
        return row;
    }
}
