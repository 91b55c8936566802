package com.cxoneflows.simulator.presence;

import com.cxoneflows.stream.Timestamps;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * The simulated tenant's users and how their presence moves, as a contact centre's does: Offline → Available;
 * Available → On Contact (with a queue), Break or Offline; On Contact → Wrap-Up (with a wrap-up code); in Wrap-Up the
 * code is often changed once or twice before the agent goes Available or to Break (the code and queue then clear
 * with {@code null}); Break → Available or Offline. Now and then a user's status is sent again unchanged. Each
 * user's {@code sequence} rises by one per update.
 */
final class PresenceWorld {

    static final String STATUS = "status";
    static final String QUEUE = "queueName";
    static final String WRAP_UP = "wrapUpCode";

    private static final List<String> QUEUES = List.of("Sales", "Support", "Billing", "Retention", "Technical");
    private static final List<String> WRAP_UP_CODES = List.of("Resolved", "Follow-up", "Sale", "No Sale", "Escalated",
            "Callback");
    private static final double RESEND_UNCHANGED = 0.05;

    private static final class User {
        private final Map<String, Object> fields = new LinkedHashMap<>();
        private long sequence;
    }

    private final Clock clock;
    private final Random random = new Random();
    private final List<String> ids;
    private final Map<String, User> users = new HashMap<>();

    PresenceWorld(int userCount, Clock clock) {
        this.clock = clock;
        List<String> created = new ArrayList<>(userCount);
        for (int i = 0; i < userCount; i++) {
            String id = UUID.randomUUID().toString();
            User user = new User();
            String status = pick(List.of("Available", "Available", "On Contact", "On Contact", "Wrap-Up", "Break", "Offline"));
            user.fields.put(STATUS, status);
            user.fields.put(QUEUE, status.equals("On Contact") || status.equals("Wrap-Up") ? pick(QUEUES) : null);
            user.fields.put(WRAP_UP, status.equals("Wrap-Up") ? pick(WRAP_UP_CODES) : null);
            users.put(id, user);
            created.add(id);
        }
        Collections.sort(created);
        this.ids = List.copyOf(created);
    }

    /** Every user id, sorted. */
    List<String> ids() {
        return ids;
    }

    boolean knows(String userId) {
        return users.containsKey(userId);
    }

    synchronized String randomUser() {
        return ids.get(random.nextInt(ids.size()));
    }

    /** Moves one user on by one realistic step. */
    synchronized PresenceUpdate next(String userId) {
        User user = users.get(userId);
        String status = (String) user.fields.get(STATUS);
        Map<String, Object> changed = new LinkedHashMap<>();
        if (random.nextDouble() < RESEND_UNCHANGED) {
            changed.put(STATUS, status);
            return apply(userId, user, changed);
        }
        double roll = random.nextDouble();
        switch (status) {
            case "Offline" -> changed.put(STATUS, "Available");
            case "Available" -> {
                if (roll < 0.6) {
                    changed.put(STATUS, "On Contact");
                    changed.put(QUEUE, pick(QUEUES));
                } else {
                    changed.put(STATUS, roll < 0.85 ? "Break" : "Offline");
                }
            }
            case "On Contact" -> {
                changed.put(STATUS, "Wrap-Up");
                changed.put(WRAP_UP, pick(WRAP_UP_CODES));
            }
            case "Wrap-Up" -> {
                if (roll < 0.4) {
                    changed.put(WRAP_UP, otherThan(user.fields.get(WRAP_UP)));
                } else {
                    changed.put(STATUS, roll < 0.85 ? "Available" : "Break");
                    changed.put(WRAP_UP, null);
                    changed.put(QUEUE, null);
                }
            }
            default -> changed.put(STATUS, roll < 0.85 ? "Available" : "Offline");
        }
        return apply(userId, user, changed);
    }

    /** Sets the given fields of one user now (a null value clears), as one update. */
    synchronized PresenceUpdate set(String userId, Map<String, Object> fields) {
        return apply(userId, users.get(userId), new LinkedHashMap<>(fields));
    }

    private PresenceUpdate apply(String userId, User user, Map<String, Object> changed) {
        user.fields.putAll(changed);
        user.sequence++;
        String timestamp = Timestamps.format(clock.instant());
        return new PresenceUpdate(userId, user.sequence, changed, new LinkedHashMap<>(user.fields), timestamp);
    }

    private String otherThan(Object code) {
        String other = pick(WRAP_UP_CODES);
        return other.equals(code) ? WRAP_UP_CODES.get((WRAP_UP_CODES.indexOf(other) + 1) % WRAP_UP_CODES.size()) : other;
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }
}
