package com.cxoneflows.contact;

import com.cxoneflows.sse.CxoneSseConstants;
import com.cxoneflows.store.CursorStore;
import com.cxoneflows.store.Database;
import com.cxoneflows.store.RejectedEvent;
import com.cxoneflows.store.RejectedEventStore;
import com.cxoneflows.stream.StreamRegistry;
import com.cxoneflows.stream.Timestamps;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.Processor;
import org.apache.camel.spi.ExecutorServiceManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The merged contact store as the flow sees it, and the route's merge step: each judged event is merged into the open
 * commit group, and reads see that group, then the group being committed, then the committed contacts.
 *
 * <p>The cursor comes after the effect: applied events, refused events and the stream's cursor are committed together,
 * a group at a time ({@link GroupCommitter}). A crash loses at most the open group, and its events come again from the
 * durable cursor; each contact remembers the last event applied to it, so a replay changes nothing. A group's
 * contacts go to the contact log ({@link ContactLog}), which {@link ContactLogFold} folds into the contact table;
 * committed contacts are read through {@link CommittedContacts}.
 *
 * <p>It reads and writes only while its route runs ({@link ContactStoreReader}), and answers from the tables while it
 * stands by. Over 300 lines: the merge step, the reads that see the groups in flight and becoming the reader share the
 * open group and its monitor.
 */
public class ContactStore implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(ContactStore.class);
    static final String FLOW = "contact-state";

    private final CursorStore cursors;
    private final StreamRegistry streams;
    private final ObjectMapper json;
    private final Clock clock;
    private final Ticker ticker;
    private final ContactLogFold fold;
    private final CommittedContacts committed;
    private final GroupCommitter committer;

    /** The last event id each stream and filter handed over. */
    private final Map<String, String> highWater = new HashMap<>();
    /**
     * The {@link #highWater} key of the last stream and filter asked for, kept: consecutive events share it, and a new
     * key per event (a string and its hash) showed in the profile.
     */
    private String keyStream;
    private String keyFilter;
    private String lastKey;
    /** The group events are applied to now. */
    private CommitGroup open;
    /** Held while the store becomes the reader or stands by: the route's start and its first exchange may race. */
    private final Object readerLifecycle = new Object();
    private volatile boolean reading;

    /**
     * @param clock     wall time: when an event was refused, how old an event is at its commit
     * @param ticker    monotonic time: a group's age, a quiet stream, a commit's duration (Caffeine's, as the JDK has
     *                  no such type; {@link Ticker#systemTicker()} in production)
     * @param executors the committer, timer and fold threads, shut down through it
     */
    public ContactStore(Database database, CursorStore cursors, RejectedEventStore rejectedEvents, StreamRegistry streams,
                        ObjectMapper json, Clock clock, Ticker ticker, ExecutorServiceManager executors, MeterRegistry meters,
                        int commitEvery, Duration commitInterval, long cacheSize, int foldEvery) {
        ContactLog log = new ContactLog(database, json);
        ContactTables tables = new ContactTables(database, log, cursors, rejectedEvents);
        this.fold = new ContactLogFold(tables, log, executors, ticker, foldEvery);
        this.committed = new CommittedContacts(tables, fold, cacheSize);
        this.committer = new GroupCommitter(tables, committed, log, executors, clock, ticker, meters, commitEvery, commitInterval);
        this.cursors = cursors;
        this.streams = streams;
        this.json = json;
        this.clock = clock;
        this.ticker = ticker;
        this.open = new CommitGroup(ticker);
    }

    /**
     * Until this store reads (its route started it), it answers from the tables: in a cluster another replica may be
     * writing them, and what this one logged, folded or cached is not theirs.
     */
    public void standBy() {
        committed.standBy();
    }

    /**
     * Becomes the reader: reloads what the store holds now (another replica may have written it since this one last
     * read: the log's rows not folded and its last row, the ids in the table, the cursors), then starts committing
     * groups and folding the log. Does nothing if it reads already.
     */
    public void startCommitTimer() {
        if (reading) {
            return;
        }
        synchronized (readerLifecycle) {
            if (reading) {
                return;
            }
            synchronized (this) {
                highWater.clear();
                open = new CommitGroup(ticker);
            }
            fold.start();
            committed.read();
            committer.start(this::handOverIfOld);
            reading = true;
        }
    }

    /** Commits what is open, stops the committer, folds the log into the table and stands by. */
    public void stopCommitTimer() {
        synchronized (readerLifecycle) {
            if (!reading) {
                return;
            }
            committer.stopTimer();
            try {
                flush();
            } catch (RuntimeException e) {
                LOG.warn("Contact store: last group not committed on shutdown ({}); its events come again from the cursor", e.getMessage());
            }
            committer.stop();
            fold.stop();
            committed.standBy();
            reading = false;
        }
    }

    /** The contact as the flow sees it now: the open group first, then the group being committed, then the committed. */
    public Optional<ContactRecord> find(String id) {
        ContactRecord pending;
        synchronized (this) {
            pending = open.serialized(id);
        }
        CommitGroup written = committer.committing();
        if (pending == null && written != null) {
            pending = written.serialized(id);
        }
        return pending != null ? Optional.of(pending) : committed.find(id);
    }

    /**
     * {@link #find} for the transition check, which hands it to the merge: a contact of a group comes with that group
     * and its tree, and without its contact JSON, which is made only when the group is committed.
     */
    LatestContact latest(String id) {
        LatestContact pending;
        synchronized (this) {
            pending = open.contacts.get(id);
        }
        CommitGroup written = committer.committing();
        if (pending == null && written != null) {
            pending = written.contacts.get(id);
        }
        if (pending != null) {
            return pending;
        }
        ContactRecord stored = committed.find(id).orElse(null);
        return stored == null ? LatestContact.NONE : new LatestContact(stored, null, null);
    }

    /** Committed contacts in id order. */
    public List<ContactRecord> byState(String state, int limit) {
        return committed.byState(state, limit);
    }

    /** How many contacts are committed. */
    public long count() {
        return committed.count();
    }

    /** The last event id the stream has handed over (applied, refused or skipped), from the durable cursor at start. */
    public synchronized String highWaterMark(String stream, String filter) {
        return highWater.computeIfAbsent(highWaterKey(stream, filter), key -> cursors.load(stream, filter).orElse(""));
    }

    /** The route's merge step: applies the judged event in the body, or each of a batch ({@code List<ContactEvent>}) in order. */
    @Override
    public void process(Exchange exchange) {
        if (exchange.getIn().getBody() instanceof List<?> batch) {
            applyAll(batch);
        } else {
            apply(exchange.getIn().getBody(ContactEvent.class));
        }
    }

    private synchronized void applyAll(List<?> batch) {
        for (Object event : batch) {
            apply((ContactEvent) event);
        }
    }

    /** Applies an event the flow judged, or records why not; hands the group over when it is due. */
    public synchronized ContactEvent apply(ContactEvent event) {
        var stream = streams.stream(event.streamName());
        switch (event.verdict()) {
            case APPLY -> {
                merge(event);
                rememberTimestamp(event.timestamp());
            }
            case DUPLICATE -> stream.duplicate();
            case ILLEGAL -> {
                stream.invalidTransition();
                open.rejections.add(rejection(event));
                LOG.debug("Contact {}: event {} not applied ({})", event.contactId(), event.eventId(), event.reason());
            }
            case MALFORMED -> {
                stream.malformed();
                open.rejections.add(rejection(event));
                LOG.debug("Malformed contact event {}: {}", event.eventId(), event.reason());
            }
        }
        String key = highWaterKey(event.streamName(), event.filterKey());
        if (EventIds.after(event.eventId(), highWater.get(key))) {
            highWater.put(key, event.eventId());
            open.cursor = event.eventId();
        }
        open.event(event.streamName(), event.filterKey());
        if (committer.isDue(open)) {
            handOver();
        }
        return event;
    }

    /**
     * Replaces the filter's contacts with a snapshot (contract §6) and moves the cursor to its {@code lastEventId},
     * in one transaction: used when the server no longer knows the cursor.
     */
    public synchronized void replaceWithSnapshot(@Body String body, @Header(CxoneSseConstants.STREAM) String stream,
                                                 @Header(CxoneSseConstants.FILTER) String filter) throws IOException {
        flush();
        ContactSnapshot snapshot = ContactSnapshot.read(json, body, filter);
        committed.replace(stream, filter, snapshot);
        highWater.put(highWaterKey(stream, filter), snapshot.lastEventId());
        LOG.info("Contact store: {} contacts of filter [{}] replaced by the snapshot at event {}", snapshot.contacts().size(),
                filter, snapshot.lastEventId());
    }

    /** The {@link #highWater} key of a stream and filter; the same string for the same pair as the time before. */
    private String highWaterKey(String stream, String filter) {
        if (lastKey == null || !Objects.equals(stream, keyStream) || !Objects.equals(filter, keyFilter)) {
            keyStream = stream;
            keyFilter = filter;
            lastKey = stream + "\n" + filter;
        }
        return lastKey;
    }

    /** Makes everything applied so far durable before returning (shutdown, snapshot). */
    public synchronized void flush() {
        committer.commitNow(open);
        open = new CommitGroup(ticker);
    }

    /** Folds the log into the contact table now, as the fold thread does on its own. */
    void fold() {
        fold.fold();
    }

    /** On the committer's timer: a group that is old enough is committed even if no event follows it. */
    private synchronized void handOverIfOld() {
        if (committer.isOld(open)) {
            handOver();
        }
    }

    /** Hands the open group to the committer thread and opens a new one, so the stream goes on while it is written. */
    private void handOver() {
        committer.handOver(open);
        open = new CommitGroup(ticker);
    }

    /**
     * Merges the event into the contact's tree in the open group: the tree already there, a copy of one in a group
     * handed over, or the stored contact read from its JSON. The contact is the one the check found, or looked up now
     * when an earlier event of its batch changed it. The JSON is written when the group commits.
     */
    private void merge(ContactEvent event) {
        String id = event.contactId();
        LatestContact current = event.latest() != null ? event.latest() : latest(id);
        ContactRecord record = new ContactRecord(id, event.filterKey(), event.state(), event.fromState(), event.eventId(),
                event.timestamp() != null ? event.timestamp() : current.record == null ? null : current.record.updatedAt(), null);
        if (current.group == open) {
            ContactMerge.merge(current.tree, event.delta());
            current.record = record;
            return;
        }
        ObjectNode contact;
        if (current.group != null) {
            // handed over since: the committer may be serializing that tree, so the merge goes into a copy
            contact = ContactMerge.topLevelCopy(current.tree);
        } else {
            contact = current.record == null ? null : parse(current.record);
        }
        // a new contact: the event's fields are the contact (the event is not used after this step)
        open.put(record, contact == null ? event.delta() : ContactMerge.merge(contact, event.delta()));
    }

    private ObjectNode parse(ContactRecord record) {
        try {
            return (ObjectNode) json.readTree(record.contactJson());
        } catch (IOException e) {
            throw new IllegalStateException("stored contact " + record.id() + " is not JSON", e);
        }
    }

    private RejectedEvent rejection(ContactEvent event) {
        return new RejectedEvent(0, FLOW, event.eventId(), event.contactId(), event.fromState(), event.state(), event.reason(),
                clock.instant(), event.rawData());
    }

    private void rememberTimestamp(String timestamp) {
        if (timestamp == null) {
            return;
        }
        long millis = Timestamps.epochMillis(timestamp);
        // latency is measured only for events with a readable timestamp
        if (millis >= 0) {
            open.timestamp(millis);
        }
    }
}
