package com.cxoneflows.simulator.contact;

import com.cxoneflows.stream.Timestamps;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What the simulated contacts say: a first event with the whole contact, then deltas that carry the id and
 * only sometimes a changed field (skill, agent, a nested attribute) or a further top-level member, so that
 * clients must merge rather than overwrite. Not thread-safe: the world calls it under its lock.
 */
final class ContactEvents {

    private static final List<String> QUEUES = List.of("q-sales", "q-support", "q-billing", "q-retention");
    private static final List<String> SKILLS = List.of("billing", "sales", "technical", "retention", "vip");
    private static final List<String> NAMES = List.of("Ada Lovelace", "Grace Hopper", "Alan Turing", "Edsger Dijkstra",
            "Barbara Liskov", "Donald Knuth", "Frances Allen", "Ken Thompson", "Margaret Hamilton", "John Backus");
    private static final List<String> LANGUAGES = List.of("en", "fr", "de", "es", "nl");
    private static final List<String> ABANDON_REASONS = List.of("customer_hangup", "timeout", "callback_requested");

    private final Clock clock;
    private final SplittableRandom random;
    private long stampedAt = -1;
    private String stamp;

    ContactEvents(Clock clock, SplittableRandom random) {
        this.clock = clock;
        this.random = random;
    }

    String queue() {
        return pick(QUEUES);
    }

    Map<String, Object> first(String id, String queueId) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("language", pick(LANGUAGES));
        attributes.put("priority", 1 + random.nextInt(5));
        Map<String, Object> contact = new LinkedHashMap<>();
        contact.put("id", id);
        contact.put("queue_id", queueId);
        contact.put("skill", pick(SKILLS));
        contact.put("customer_name", pick(NAMES));
        contact.put("attributes", attributes);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("contact", contact);
        data.put("state", ContactState.QUEUED.wire());
        data.put("timestamp", timestamp());
        return data;
    }

    /** The usual course (the first allowed state) five times in six, otherwise one of the exceptions. */
    ContactState next(ContactState from) {
        List<ContactState> allowed = from.allowedNext();
        if (allowed.size() == 1 || random.nextInt(6) > 0) {
            return allowed.get(0);
        }
        return allowed.get(1 + random.nextInt(allowed.size() - 1));
    }

    Map<String, Object> delta(TrackedContact contact, ContactState to) {
        Map<String, Object> changed = new LinkedHashMap<>();
        changed.put("id", contact.id());
        if (to == ContactState.CONNECTED) {
            changed.put("agent_id", "a-" + (1 + random.nextInt(400)));
        }
        if ((to == ContactState.RINGING || to == ContactState.QUEUED) && random.nextInt(5) == 0) {
            changed.put("skill", pick(SKILLS));
        }
        if (random.nextInt(10) == 0) {
            changed.put("attributes", Map.of("priority", 1 + random.nextInt(5)));
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("contact", changed);
        data.put("state", to.wire());
        data.put("previous_state", contact.state().wire());
        data.put("timestamp", timestamp());
        if (contact.state() == ContactState.QUEUED && random.nextInt(3) == 0) {
            data.put("wait_seconds", random.nextInt(600));
        }
        if (to == ContactState.ABANDONED && random.nextBoolean()) {
            data.put("reason", pick(ABANDON_REASONS));
        }
        return data;
    }

    /** A transition the matrix forbids from the contact's current state, claimed as coming from that state. */
    Map<String, Object> illegal(TrackedContact contact) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("contact", Map.of("id", contact.id()));
        data.put("state", pick(contact.state().illegalNext()).wire());
        data.put("previous_state", contact.state().wire());
        data.put("timestamp", timestamp());
        return data;
    }

    /** Malformed data in turn: not JSON, no {@code contact.id}, no {@code state}. */
    String malformed(int turn, String someContactId) {
        return switch (turn % 3) {
            case 0 -> "{\"contact\":";
            case 1 -> "{\"contact\":{\"queue_id\":\"" + queue() + "\"},\"state\":\"ringing\",\"previous_state\":\"queued\","
                    + "\"timestamp\":\"" + timestamp() + "\"}";
            default -> "{\"contact\":{\"id\":\"" + someContactId + "\"},\"previous_state\":\"queued\",\"timestamp\":\""
                    + timestamp() + "\"}";
        };
    }

    /** Formatting is dear and a large generation stays within one millisecond for many events. */
    private String timestamp() {
        long now = clock.millis();
        if (now != stampedAt) {
            stampedAt = now;
            stamp = Timestamps.format(Instant.ofEpochMilli(now));
        }
        return stamp;
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }
}
