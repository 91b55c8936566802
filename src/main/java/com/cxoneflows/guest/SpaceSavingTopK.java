package com.cxoneflows.guest;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The keys seen most often in a stream, in bounded memory: Space-Saving (Metwally, Agrawal and El Abbadi,
 * "Efficient Computation of Frequent and Top-k Elements in Data Streams", ICDT 2005). At most {@code capacity}
 * keys are counted; a new key that finds every place taken replaces the key with the smallest count and starts
 * from that count plus one, keeping the inherited part as its {@code error}.
 * <p>
 * With N the additions so far: every key added more than N / capacity times is in the list; a listed key's true
 * count lies between {@link Count#guaranteed()} ({@code count - error}) and {@code count}; no error exceeds
 * N / capacity. A key that entered while there was room has no error, so with fewer distinct keys than
 * {@code capacity} every count is exact. Memory: {@code capacity} entries of a key and two longs, whatever
 * the number of distinct keys. One lock; an addition costs O(log capacity).
 */
final class SpaceSavingTopK {

    /** A counted key: {@code count} may overestimate its additions by at most {@code error}. */
    record Count(String key, long count, long error) {

        /** Additions of the key that are certain: since it last entered the list. */
        long guaranteed() {
            return count - error;
        }
    }

    private final int capacity;
    private final Map<String, Count> counts = new HashMap<>();
    // smallest count first; keys are unique, so they tell apart keys of equal count
    private final TreeSet<Count> byCount = new TreeSet<>(Comparator.comparingLong(Count::count).thenComparing(Count::key));

    SpaceSavingTopK(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
    }

    synchronized void add(String key) {
        Count current = counts.get(key);
        if (current != null) {
            byCount.remove(current);
        } else {
            long inherited = 0;
            if (counts.size() == capacity) {
                Count smallest = byCount.pollFirst();
                counts.remove(smallest.key());
                inherited = smallest.count();
            }
            // what it inherits is all error; the addition below is its own
            current = new Count(key, inherited, inherited);
        }
        Count added = new Count(key, current.count() + 1, current.error());
        counts.put(key, added);
        byCount.add(added);
    }

    /** The {@code limit} keys with the highest guaranteed counts, highest first. */
    synchronized List<Count> top(int limit) {
        return counts.values().stream()
                .sorted(Comparator.comparingLong(Count::guaranteed).thenComparingLong(Count::count).reversed())
                .limit(limit)
                .toList();
    }

    synchronized int size() {
        return counts.size();
    }
}
