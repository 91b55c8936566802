package com.cxoneflows.contact;

/**
 * A contact as stored: its state, the state before, the last event applied to it (for idempotent replays),
 * that event's timestamp, and the merged contact object with its wire names as JSON.
 */
public record ContactRecord(String id, String filterKey, String state, String previousState, String lastEventId,
                            String updatedAt, String contactJson) {

    ContactRecord withContactJson(String json) {
        return new ContactRecord(id, filterKey, state, previousState, lastEventId, updatedAt, json);
    }
}
