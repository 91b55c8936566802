package com.cxoneflows.simulator;

import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What the simulator keeps for tests and demos to read back: the last {@value #CAPACITY} entries of each record, so
 * that a simulator left running (a demo, a benchmark's warm-up) holds a bounded heap. Not thread-safe: callers lock.
 */
public final class Recent {

    public static final int CAPACITY = 100_000;

    private Recent() {
    }

    /** Adds at the end, dropping the oldest entry past the capacity. */
    public static <E> void append(Deque<E> entries, E entry) {
        entries.addLast(entry);
        if (entries.size() > CAPACITY) {
            entries.removeFirst();
        }
    }

    /** A map in insertion order that drops its oldest key past the capacity (a key put again keeps its place). */
    public static <K, V> Map<K, V> map() {
        return new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > CAPACITY;
            }
        };
    }

    /** A set that drops its oldest element past the capacity. */
    public static <E> Set<E> set() {
        return Collections.newSetFromMap(map());
    }
}
