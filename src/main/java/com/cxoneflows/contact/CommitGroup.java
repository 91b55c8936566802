package com.cxoneflows.contact;

import com.cxoneflows.store.RejectedEvent;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The effects of consecutive events that are committed together, with the cursor they bring the stream to. */
final class CommitGroup {

    final Map<String, ContactRecord> contacts = new LinkedHashMap<>();
    final List<RejectedEvent> rejections = new ArrayList<>();
    private long[] timestamps = new long[1024];
    private int timestampCount;
    int events;
    long startedNanos;
    String stream;
    String filter;
    String cursor;

    void event(String streamName, String filterKey) {
        if (events++ == 0) {
            startedNanos = System.nanoTime();
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
        return events > 0 && System.nanoTime() - startedNanos >= nanos;
    }
}
