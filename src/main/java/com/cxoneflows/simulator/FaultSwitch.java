package com.cxoneflows.simulator;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Faults queued per target; each request to a target takes the next one, in the order they were posted. */
public final class FaultSwitch {

    private final Map<String, Deque<Fault>> byTarget = new HashMap<>();

    public synchronized void add(Fault fault) {
        byTarget.computeIfAbsent(fault.target(), t -> new ArrayDeque<>()).addLast(fault);
    }

    /** The fault that hits the next request to {@code target}, if any. */
    public synchronized Optional<Fault> take(String target) {
        Deque<Fault> queue = byTarget.get(target);
        if (queue == null || queue.isEmpty()) {
            return Optional.empty();
        }
        Fault head = queue.pollFirst();
        if (head.times() == -1 || head.times() > 1) {
            queue.addFirst(head.consumedOnce());
        }
        return Optional.of(head);
    }

    public synchronized void clear(String target) {
        if (target == null) {
            byTarget.clear();
        } else {
            byTarget.remove(target);
        }
    }

    public synchronized List<Fault> list() {
        List<Fault> all = new ArrayList<>();
        byTarget.values().forEach(all::addAll);
        return all;
    }
}
