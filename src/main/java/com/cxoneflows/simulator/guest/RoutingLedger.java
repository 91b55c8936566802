package com.cxoneflows.simulator.guest;

import com.cxoneflows.simulator.Recent;
import com.fasterxml.jackson.databind.util.RawValue;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the simulated Task Routing API knows: which conversations it routed (so a second routing is a 409),
 * the queues it refuses, and the last calls with their answers ({@link Recent}), which is how a test tells the
 * product's retries apart.
 */
final class RoutingLedger {

    /** The answer to a routing request that got past the faults, the token and the body checks. */
    record Outcome(int status, Map<String, Object> body) {
    }

    private final Map<String, String> taskByConversation = new HashMap<>();
    private final Deque<Map<String, Object>> tasks = new ArrayDeque<>();
    private final Deque<Map<String, Object>> calls = new ArrayDeque<>();
    private Set<String> badQueues = Set.of();
    private Set<String> restrictedQueues = Set.of();
    private long taskSerial;
    private long callCount;
    private long routed;
    private long conflicts;
    private long badRequests;
    private long forbidden;

    synchronized Outcome route(String conversationId, String queueId, RawValue body, Instant at) {
        if (queueId != null && badQueues.contains(queueId)) {
            return new Outcome(400, Map.of("error", "unknown_queue"));
        }
        if (queueId != null && restrictedQueues.contains(queueId)) {
            return new Outcome(403, Map.of("error", "restricted_queue"));
        }
        String known = taskByConversation.get(conversationId);
        if (known != null) {
            return new Outcome(409, Map.of("error", "already_routed", "id", known));
        }
        String id = "task-" + ++taskSerial;
        taskByConversation.put(conversationId, id);
        Map<String, Object> task = new LinkedHashMap<>();
        task.put("id", id);
        task.put("conversationId", conversationId);
        task.put("queueId", queueId);
        task.put("at", GuestMessage.timestamp(at));
        task.put("atMillis", at.toEpochMilli());
        task.put("body", body);
        Recent.append(tasks, task);
        return new Outcome(201, Map.of("id", id));
    }

    /** Every call, whatever answered it (a fault, the token check, the body checks, or {@link #route}). */
    synchronized void called(String conversationId, int status, long atMillis) {
        Map<String, Object> call = new LinkedHashMap<>();
        call.put("conversationId", conversationId);
        call.put("status", status);
        call.put("atMillis", atMillis);
        Recent.append(calls, call);
        callCount++;
        switch (status) {
            case 201 -> routed++;
            case 409 -> conflicts++;
            case 400 -> badRequests++;
            case 403 -> forbidden++;
            default -> {
            }
        }
    }

    /** Replaces the refused queues that are given; answers the whole configuration. */
    synchronized Map<String, Object> configure(List<String> bad, List<String> restricted) {
        if (bad != null) {
            badQueues = new LinkedHashSet<>(bad);
        }
        if (restricted != null) {
            restrictedQueues = new LinkedHashSet<>(restricted);
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("badQueues", badQueues);
        config.put("restrictedQueues", restrictedQueues);
        return config;
    }

    synchronized Map<String, Object> tasks() {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("tasks", List.copyOf(tasks));
        answer.put("calls", List.copyOf(calls));
        return answer;
    }

    synchronized Map<String, Object> stats() {
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("calls", callCount);
        stats.put("routed", routed);
        stats.put("conflicts", conflicts);
        stats.put("badRequests", badRequests);
        stats.put("forbidden", forbidden);
        return stats;
    }
}
