package com.cxoneflows.contact;

import com.cxoneflows.store.RejectedEvent;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Ticker;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The effects of consecutive events that are committed together, with the cursor they bring the stream to. A
 * contact merged in the group keeps its merged object as a tree, so further events of the group merge into it
 * without reading it again; it is written as JSON once, when the group is committed ({@link ContactLog#rows}).
 */
final class CommitGroup {

    /** The group's contacts with their merged trees, in the order they were first merged. */
    final Map<String, LatestContact> contacts = new LinkedHashMap<>();
    final List<RejectedEvent> rejections = new ArrayList<>();
    /** Measures the group's age. */
    private final Ticker ticker;
    private long[] timestamps = new long[1024];
    private int timestampCount;
    int events;
    long startedNanos;
    String stream;
    String filter;
    String cursor;

    CommitGroup(Ticker ticker) {
        this.ticker = ticker;
    }

    void put(ContactRecord record, ObjectNode contact) {
        contacts.put(record.id(), new LatestContact(record, contact, this));
    }

    /** The contact with its JSON, or null if the group has not merged it. */
    ContactRecord serialized(String id) {
        LatestContact contact = contacts.get(id);
        return contact == null ? null : contact.record.withContactJson(contact.tree.toString());
    }

    void event(String streamName, String filterKey) {
        if (events++ == 0) {
            startedNanos = ticker.read();
        }
        stream = streamName;
        filter = filterKey;
    }

    void timestamp(long epochMillis) {
        if (timestampCount == timestamps.length) {
            timestamps = Arrays.copyOf(timestamps, timestampCount * 2);
        }
        timestamps[timestampCount++] = epochMillis;
    }

    long[] timestamps() {
        return Arrays.copyOf(timestamps, timestampCount);
    }

    boolean isEmpty() {
        return events == 0;
    }

    boolean isOlderThan(long nanos) {
        return events > 0 && ticker.read() - startedNanos >= nanos;
    }
}
