package com.cxoneflows.simulator.contact;

import com.cxoneflows.simulator.SimulatorContext;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The simulated contact centre: about {@value #ACTIVE_TARGET} active contacts moving through legal chains, the
 * truth about every contact ever seen, and the log their events go to. One lock keeps truth and log in step,
 * so that a snapshot is exactly the state as of the log head it names.
 */
final class ContactWorld {

    static final int ACTIVE_TARGET = 2_000;
    /** Large generations append in chunks, so that streams start sending before the last chunk is made. */
    private static final int CHUNK = 5_000;

    private final EventLog log;
    private final StreamStats stats;
    private final SplittableRandom random = new SplittableRandom();
    private final ContactEvents events;
    private final Map<String, TrackedContact> contacts = new LinkedHashMap<>();
    private final List<TrackedContact> everyone = new ArrayList<>();
    private final List<TrackedContact> active = new ArrayList<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private long contactSerial;
    private int malformedTurn;

    ContactWorld(Clock clock, EventLog log, StreamStats stats) {
        this.log = log;
        this.stats = stats;
        this.events = new ContactEvents(clock, random);
    }

    /** {@code wakeup} runs, on the appending thread, after events were appended. */
    void listen(Runnable wakeup) {
        listeners.add(wakeup);
    }

    void unlisten(Runnable wakeup) {
        listeners.remove(wakeup);
    }

    void generate(int count) {
        for (int done = 0; done < count; done += CHUNK) {
            appendLegal(Math.min(CHUNK, count - done));
            wakeListeners();
        }
    }

    private synchronized void appendLegal(int count) {
        for (int i = 0; i < count; i++) {
            if (active.isEmpty() || (active.size() < ACTIVE_TARGET && random.nextBoolean())) {
                create();
            } else {
                advance(random.nextInt(active.size()));
            }
        }
        stats.generated(count);
    }

    private void create() {
        TrackedContact contact = new TrackedContact("c-" + ++contactSerial, events.queue());
        contacts.put(contact.id(), contact);
        everyone.add(contact);
        active.add(contact);
        apply(contact, ContactState.QUEUED, events.first(contact.id(), contact.queueId()));
    }

    private void advance(int index) {
        TrackedContact contact = active.get(index);
        ContactState to = events.next(contact.state());
        apply(contact, to, events.delta(contact, to));
        if (to.ends()) {
            active.set(index, active.get(active.size() - 1));
            active.remove(active.size() - 1);
        }
    }

    private void apply(TrackedContact contact, ContactState to, Map<String, Object> data) {
        LoggedEvent event = log.append(to, contact.queueId(), data);
        contact.apply(event.id(), to, data);
    }

    /** Appends forbidden transitions of existing contacts; the truth does not change. */
    void injectIllegal(int count) {
        synchronized (this) {
            if (everyone.isEmpty()) {
                throw new IllegalStateException("there is no contact yet to make an illegal transition for");
            }
            for (int i = 0; i < count; i++) {
                TrackedContact contact = everyone.get(random.nextInt(everyone.size()));
                Map<String, Object> data = events.illegal(contact);
                log.append(ContactState.fromWire((String) data.get("state")), contact.queueId(), data);
            }
            stats.illegal(count);
        }
        wakeListeners();
    }

    void injectMalformed(int count) {
        synchronized (this) {
            for (int i = 0; i < count; i++) {
                String someone = everyone.isEmpty() ? "c-0" : everyone.get(random.nextInt(everyone.size())).id();
                log.appendMalformed(events.malformed(malformedTurn++, someone));
            }
            stats.malformed(count);
        }
        wakeListeners();
    }

    private void wakeListeners() {
        listeners.forEach(Runnable::run);
    }

    /** Contract §6: every matching contact as of the log head. */
    synchronized String snapshotJson(ContactFilter filter) {
        List<Map<String, Object>> entries = new ArrayList<>();
        for (TrackedContact contact : contacts.values()) {
            if (filter.matches(contact)) {
                entries.add(contact.snapshotEntry());
            }
        }
        return SimulatorContext.json(asOfHead(entries));
    }

    synchronized String truthJson() {
        Map<String, Object> truth = new LinkedHashMap<>();
        contacts.forEach((id, contact) -> truth.put(id, contact.truth()));
        return SimulatorContext.json(asOfHead(truth));
    }

    private Map<String, Object> asOfHead(Object contacts) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("lastEventId", EventIds.format(log.head().id()));
        answer.put("contacts", contacts);
        return answer;
    }
}
