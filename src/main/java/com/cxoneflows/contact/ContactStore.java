package com.cxoneflows.contact;

import com.cxoneflows.stream.StreamRegistry;
import com.cxoneflows.sse.CxoneSseConstants;
import com.cxoneflows.store.CursorStore;
import com.cxoneflows.store.Database;
import com.cxoneflows.store.RejectedEvent;
import com.cxoneflows.store.RejectedEventStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The merged contact store with the cursor after the effect: applied events, refused events and the
 * stream's cursor are committed together, in groups of {@code commitEvery} events or every
 * {@code commitInterval}, whichever comes first. A crash loses at most the open group, and its events come
 * again from the durable cursor; each contact remembers the last event applied to it, so a replay changes
 * nothing. Reads go through a bounded Caffeine cache in front of the table.
 *
 * <p>A group's contacts go to the contact log ({@link ContactLog}, a few rows a group), not to their rows:
 * a fold thread writes the latest logged version of each contact into the contact table once
 * {@code foldEvery} contacts were logged, or when the stream is quiet, and deletes the log rows it covered,
 * in one transaction. Committed contacts not folded yet are held in memory and read before the table.
 */
public class ContactStore implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(ContactStore.class);
    static final String FLOW = "contact-state";
    private static final Set<String> EVENT_FIELDS = Set.of("contact", "state", "previous_state", "timestamp", "lastEventId");
    private static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long FOLD_CHECK_MILLIS = 100;
    private static final int FOLD_BATCH = 2_000;
    private static final String COLUMNS = "id, filter_key, state, previous_state, last_event_id, updated_at, contact_json";

    private final Database database;
    private final CursorStore cursors;
    private final RejectedEventStore rejectedEvents;
    private final StreamRegistry streams;
    private final ObjectMapper json;
    private final Clock clock;
    private final int commitEvery;
    private final Duration commitInterval;
    private final Cache<String, Optional<ContactRecord>> cache;
    private final Timer commitLatency;
    private final Timer eventToCommit;

    private final int foldEvery;
    private final ContactLog log;

    private final Map<String, String> highWater = new HashMap<>();
    /** Every contact id in the table, so a contact never seen costs no query (most first events are new contacts). */
    private final Set<String> inTable = ConcurrentHashMap.newKeySet();
    /** Contacts committed to the log and not folded into the table yet: read before the table. */
    private final Map<String, ContactRecord> logged = new ConcurrentHashMap<>();
    /** Contacts logged since the last fold. */
    private final AtomicLong loggedSinceFold = new AtomicLong();
    private volatile long lastCommitNanos = System.nanoTime();
    /** Held by a fold and by a snapshot's replacement, which must not interleave. */
    private final Object folding = new Object();
    /** The group events are applied to now. */
    private CommitGroup open = new CommitGroup();
    /** The group being written by the committer thread, if any: at most one, so memory stays bounded. */
    private volatile CommitGroup committing;
    /**
     * Held while a group is being written. Not the store's monitor: the stream thread takes that for every event,
     * and a committer that needed it to finish a group waited behind the stream (measured: 17 s in one benchmark).
     */
    private final Semaphore inFlight = new Semaphore(1);
    /** Writes the handed-over groups, one at a time. */
    private ScheduledExecutorService committer;
    /**
     * Hands over a group that is old enough. Not the committer's thread: it waits for the store's monitor, which the
     * stream thread may hold while it waits for the committer.
     */
    private ScheduledExecutorService timer;
    private ScheduledExecutorService folder;
    /** The last log row folded into the table. */
    private volatile long foldedUpTo;

    public ContactStore(Database database, CursorStore cursors, RejectedEventStore rejectedEvents, StreamRegistry streams,
                        ObjectMapper json, Clock clock, MeterRegistry meters, int commitEvery, Duration commitInterval,
                        long cacheSize, int foldEvery) {
        if (commitEvery < 1) {
            throw new IllegalArgumentException("cxone.contacts.commit-every must be at least 1");
        }
        if (commitInterval.isZero()) {
            throw new IllegalArgumentException("cxone.contacts.commit-interval must be above 0");
        }
        if (foldEvery < 1) {
            throw new IllegalArgumentException("cxone.contacts.fold-every must be at least 1");
        }
        this.database = database;
        this.cursors = cursors;
        this.rejectedEvents = rejectedEvents;
        this.streams = streams;
        this.json = json;
        this.clock = clock;
        this.commitEvery = commitEvery;
        this.commitInterval = commitInterval;
        this.foldEvery = foldEvery;
        this.log = new ContactLog(database, json);
        // maintenance on the caller's thread: one stream thread writes, and a hand-off per write costs more than the work
        this.cache = Caffeine.newBuilder().maximumSize(cacheSize).executor(Runnable::run).build();
        this.commitLatency = Timer.builder("cxone.contacts.commit").description("Time to commit one group of contact events")
                .publishPercentiles(0.5, 0.99).register(meters);
        this.eventToCommit = Timer.builder("cxone.contacts.event.latency")
                .description("From an event's timestamp to the commit of its effect")
                .publishPercentiles(0.5, 0.95, 0.99).register(meters);
    }

    /** The contact as the flow sees it now: the open group first, then the log not folded yet, the cache, the table. */
    public Optional<ContactRecord> find(String id) {
        ContactRecord pending;
        synchronized (this) {
            pending = open.serialized(id);
        }
        CommitGroup written = committing;
        if (pending == null && written != null) {
            pending = written.serialized(id);
        }
        return pending != null ? Optional.of(pending) : committed(id);
    }

    /**
     * {@link #find} for the transition check, which needs the state and the last event: a contact of a group not
     * written yet comes without its contact JSON (null), which is made only when the group is committed.
     */
    Optional<ContactRecord> latest(String id) {
        ContactRecord pending;
        synchronized (this) {
            pending = open.contacts.get(id);
        }
        CommitGroup written = committing;
        if (pending == null && written != null) {
            pending = written.contacts.get(id);
        }
        return pending != null ? Optional.of(pending) : committed(id);
    }

    /** A committed contact: logged and not folded yet, else in the cache or the table. */
    private Optional<ContactRecord> committed(String id) {
        ContactRecord unfolded = logged.get(id);
        if (unfolded != null) {
            return Optional.of(unfolded);
        }
        if (!inTable.contains(id)) {
            return Optional.empty();
        }
        return cache.get(id, this::load);
    }

    /** The last event id the stream has handed over (applied, refused or skipped), from the durable cursor at start. */
    public synchronized String highWaterMark(String stream, String filter) {
        return highWater.computeIfAbsent(stream + "\n" + filter, key -> cursors.load(stream, filter).orElse(""));
    }

    /** The route's merge step: applies the judged event in the body. */
    @Override
    public void process(Exchange exchange) {
        apply(exchange.getIn().getBody(ContactEvent.class));
    }

    /** Applies an event the flow judged, or records why not; commits the group when it is full or old enough. */
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
        String key = event.streamName() + "\n" + event.filterKey();
        if (event.eventId() != null && !EventIds.atOrBelow(event.eventId(), highWater.get(key))) {
            highWater.put(key, event.eventId());
            open.cursor = event.eventId();
        }
        open.event(event.streamName(), event.filterKey());
        if (open.events >= commitEvery || open.isOlderThan(commitInterval.toNanos())) {
            handOver();
        }
        return event;
    }

    /**
     * Hands the open group to the committer thread and opens a new one, so the stream goes on while the group is
     * written. If the previous group is still being written, waits for it: one group in flight at most.
     */
    private void handOver() {
        awaitCommitter();
        CommitGroup group = open;
        committing = group;
        open = new CommitGroup();
        committer.execute(() -> writeCommitting(group));
    }

    /** Takes the in-flight permit: waits until the previous group is written. */
    private void awaitCommitter() {
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the previous contact group was being committed");
        }
    }

    /**
     * On the committer thread, holding the in-flight permit: writes the handed-over group, retrying until it is
     * durable; groups commit in order.
     */
    private void writeCommitting(CommitGroup group) {
        long delay = 100;
        while (true) {
            try {
                write(group);
                break;
            } catch (RuntimeException e) {
                LOG.warn("Contact store: commit failed, retrying in {} ms: {}", delay, e.getMessage());
                try {
                    TimeUnit.MILLISECONDS.sleep(delay);
                } catch (InterruptedException stopped) {
                    Thread.currentThread().interrupt();
                    return;
                }
                delay = Math.min(delay * 2, 5000);
            }
        }
        // after write() put its contacts in `logged`: a reader finds them in one place or the other
        committing = null;
        inFlight.release();
    }

    /**
     * Replaces the filter's contacts with a snapshot (contract §6) and moves the cursor to its {@code lastEventId},
     * in one transaction: used when the server no longer knows the cursor.
     */
    public synchronized void replaceWithSnapshot(@Body String snapshot, @Header(CxoneSseConstants.STREAM) String stream,
                                                 @Header(CxoneSseConstants.FILTER) String filter) throws IOException {
        flush();
        JsonNode root = json.readTree(snapshot);
        String lastEventId = root.path("lastEventId").asText();
        List<ContactRecord> records = new ArrayList<>();
        for (JsonNode entry : root.path("contacts")) {
            String id = entry.path("contact").path("id").asText("");
            if (id.isEmpty() || !entry.path("state").isTextual()) {
                continue;
            }
            ObjectNode contact = json.createObjectNode();
            if (entry.path("contact").isObject()) {
                contact.setAll((ObjectNode) entry.path("contact"));
            }
            entry.fields().forEachRemaining(field -> {
                if (!EVENT_FIELDS.contains(field.getKey())) {
                    contact.set(field.getKey(), field.getValue());
                }
            });
            records.add(new ContactRecord(id, filter, entry.path("state").asText(), textOrNull(entry.path("previous_state")),
                    entry.path("lastEventId").asText(lastEventId), textOrNull(entry.path("timestamp")), contact.toString()));
        }
        synchronized (folding) {
            // everything logged goes to the table first, where the snapshot replaces it
            fold();
            Set<String> ids = database.inTransaction(connection -> {
                try (PreparedStatement delete = connection.prepareStatement("DELETE FROM contact WHERE filter_key = ?")) {
                    delete.setString(1, filter);
                    delete.executeUpdate();
                }
                insert(connection, records);
                cursors.save(connection, stream, filter, lastEventId);
                return tableIds(connection);
            });
            inTable.retainAll(ids);
            inTable.addAll(ids);
        }
        cache.invalidateAll();
        highWater.put(stream + "\n" + filter, lastEventId);
        LOG.info("Contact store: {} contacts of filter [{}] replaced by the snapshot at event {}", records.size(), filter, lastEventId);
    }

    /** Makes everything applied so far durable before returning (shutdown, snapshot). */
    public synchronized void flush() {
        awaitCommitter();
        try {
            if (!open.isEmpty()) {
                write(open);
                open = new CommitGroup();
            }
        } finally {
            inFlight.release();
        }
    }

    /** One transaction: the group's contacts (to the log), its refused events and the cursor after them. */
    private void write(CommitGroup group) {
        long started = System.nanoTime();
        List<ContactRecord> records = group.serialized();
        long seq = database.inTransaction(connection -> {
            long last = log.append(connection, records);
            rejectedEvents.addAll(connection, group.rejections);
            if (group.cursor != null) {
                cursors.save(connection, group.stream, group.filter, group.cursor);
            }
            return last;
        });
        for (ContactRecord record : records) {
            logged.put(record.id(), record);
            cache.put(record.id(), Optional.of(record));
        }
        // published after the contacts are in `logged`: a fold up to this row finds them there
        log.appended(seq);
        loggedSinceFold.addAndGet(records.size());
        lastCommitNanos = System.nanoTime();
        long now = clock.millis();
        commitLatency.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        for (long timestamp : group.timestamps()) {
            eventToCommit.record(Math.max(0, now - timestamp), TimeUnit.MILLISECONDS);
        }
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

    /** Committed contacts in id order: the table's, with the logged versions not folded yet in place of theirs. */
    public List<ContactRecord> byState(String state, int limit) {
        // taken before the query: a contact a fold removes from it meanwhile is in the table by then. The page is cut in
        // the table's order and merged with these in Java's, so the table must order ids as Java does.
        Map<String, ContactRecord> unfolded = new HashMap<>(logged);
        List<ContactRecord> records = database.inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM contact"
                    + (state == null ? "" : " WHERE state = ?") + " ORDER BY " + database.inByteOrder("id"))) {
                if (state != null) {
                    select.setString(1, state);
                }
                select.setMaxRows((int) Math.min(Integer.MAX_VALUE, (long) limit + unfolded.size()));
                List<ContactRecord> rows = new ArrayList<>();
                try (ResultSet row = select.executeQuery()) {
                    while (row.next() && rows.size() < limit) {
                        if (!unfolded.containsKey(row.getString(1))) {
                            rows.add(read(row));
                        }
                    }
                }
                return rows;
            }
        });
        for (ContactRecord record : unfolded.values()) {
            if (state == null || state.equals(record.state())) {
                records.add(record);
            }
        }
        records.sort(Comparator.comparing(ContactRecord::id));
        return records.size() > limit ? new ArrayList<>(records.subList(0, limit)) : records;
    }

    /** Committed contacts: the table's and those only logged so far. */
    public long count() {
        long onlyLogged = logged.keySet().stream().filter(id -> !inTable.contains(id)).count();
        return onlyLogged + database.inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT COUNT(*) FROM contact");
                 ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        });
    }

    /**
     * Writes the latest logged version of each contact into the table, in id order (inserts for contacts the table
     * does not have yet) and in transactions of {@value #FOLD_BATCH} contacts (H2 holds a transaction's pages in
     * memory: one transaction for 50,000 contacts ran out of heap), then deletes the log rows that held them. A crash
     * before that delete leaves the log as it was (or without its oldest rows: a contact in a later row has its
     * latest version there), and folding it again writes the same rows.
     */
    void fold() {
        synchronized (folding) {
            long counted = loggedSinceFold.get();
            // read first: every contact of the rows up to it is in `logged` already (write() publishes it after)
            long upTo = log.lastSeq();
            if (upTo <= foldedUpTo) {
                return;
            }
            long started = System.nanoTime();
            List<ContactRecord> records = new ArrayList<>(logged.values());
            records.sort(Comparator.comparing(ContactRecord::id));
            int inserted = 0;
            for (int from = 0; from < records.size(); from += FOLD_BATCH) {
                List<ContactRecord> updates = new ArrayList<>();
                List<ContactRecord> inserts = new ArrayList<>();
                for (ContactRecord record : records.subList(from, Math.min(records.size(), from + FOLD_BATCH))) {
                    (inTable.contains(record.id()) ? updates : inserts).add(record);
                }
                database.inTransaction(connection -> {
                    upsert(connection, updates);
                    insert(connection, inserts);
                    return null;
                });
                inserts.forEach(record -> inTable.add(record.id()));
                inserted += inserts.size();
            }
            log.deleteUpTo(upTo);
            // a newer version logged meanwhile stays until the next fold
            records.forEach(record -> logged.remove(record.id(), record));
            foldedUpTo = upTo;
            loggedSinceFold.addAndGet(-counted);
            LOG.debug("Contact store: folded {} contacts ({} new) into the table in {} ms", records.size(), inserted,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        }
    }

    /** On the fold thread: folds once enough contacts were logged, or when the stream has been quiet for a while. */
    private void foldIfDue() {
        boolean quiet = System.nanoTime() - lastCommitNanos > QUIET_NANOS;
        if (loggedSinceFold.get() >= foldEvery || quiet && log.lastSeq() > foldedUpTo) {
            try {
                fold();
            } catch (RuntimeException e) {
                LOG.warn("Contact store: fold into the contact table failed, retrying later: {}", e.getMessage());
            }
        }
    }

    private static Set<String> tableIds(Connection connection) throws SQLException {
        Set<String> ids = new HashSet<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT id FROM contact");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
        }
        return ids;
    }

    /**
     * Loads the ids in the table and the contacts logged but not folded, and starts the timer that commits a group
     * once it is {@code commitInterval} old and the thread that folds the log into the table.
     */
    public void startCommitTimer() {
        int rows = database.inTransaction(connection -> {
            inTable.addAll(tableIds(connection));
            return log.readAll(connection, logged);
        });
        loggedSinceFold.set(logged.size());
        if (rows > 0) {
            LOG.info("Contact store: {} contacts logged in {} rows not folded into the table yet", logged.size(), rows);
        }
        long period = Math.max(1, commitInterval.toMillis() / 2);
        committer = daemonThread("contact-store-commit");
        timer = daemonThread("contact-store-timer");
        timer.scheduleWithFixedDelay(this::commitIfDue, period, period, TimeUnit.MILLISECONDS);
        folder = daemonThread("contact-store-fold");
        folder.scheduleWithFixedDelay(this::foldIfDue, FOLD_CHECK_MILLIS, FOLD_CHECK_MILLIS, TimeUnit.MILLISECONDS);
    }

    private static ScheduledExecutorService daemonThread(String name) {
        return Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Commits what is open, stops the committer and folds the log into the table. */
    public void stopCommitTimer() {
        stop(timer);
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.warn("Contact store: last group not committed on shutdown ({}); its events come again from the cursor", e.getMessage());
        }
        stop(committer);
        stop(folder);
        try {
            fold();
        } catch (RuntimeException e) {
            LOG.warn("Contact store: log not folded on shutdown ({}); the next start reads it", e.getMessage());
        }
    }

    private static void stop(ScheduledExecutorService executor) {
        if (executor == null) {
            return;
        }
        executor.shutdown();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
        }
    }

    /** On the timer thread: a group that is old enough is committed even if no event follows it. */
    private synchronized void commitIfDue() {
        if (open.isOlderThan(commitInterval.toNanos())) {
            handOver();
        }
    }

    /**
     * Merges the event into the contact's tree in the open group: the tree already there, a copy of the one in the
     * group being written, or the stored contact read from its JSON. The JSON is written when the group commits.
     */
    private void merge(ContactEvent event) {
        String id = event.contactId();
        ObjectNode contact = open.trees.get(id);
        ContactRecord current = open.contacts.get(id);
        CommitGroup written = committing;
        if (contact == null && written != null && written.trees.containsKey(id)) {
            // the committer is serializing that tree: merge into a copy
            contact = written.trees.get(id).deepCopy();
            current = written.contacts.get(id);
        }
        if (contact == null) {
            current = committed(id).orElse(null);
            contact = current == null ? null : parse(current);
        }
        if (contact == null) {
            // a new contact: the event's fields are the contact (the event is not used after this step)
            contact = event.delta();
        } else {
            ContactMerge.merge(contact, event.delta());
        }
        open.put(new ContactRecord(id, event.filterKey(), event.state(), event.fromState(), event.eventId(),
                event.timestamp() != null ? event.timestamp() : current == null ? null : current.updatedAt(), null), contact);
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

    private Optional<ContactRecord> load(String id) {
        return database.inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM contact WHERE id = ?")) {
                select.setString(1, id);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(read(rows)) : Optional.<ContactRecord>empty();
                }
            }
        });
    }

    private static ContactRecord read(ResultSet row) throws SQLException {
        return new ContactRecord(row.getString(1), row.getString(2), row.getString(3), row.getString(4), row.getString(5),
                row.getString(6), row.getString(7));
    }

    private static void upsert(Connection connection, Iterable<ContactRecord> records) throws SQLException {
        List<ContactRecord> missing = new ArrayList<>();
        List<ContactRecord> all = new ArrayList<>();
        records.forEach(all::add);
        if (all.isEmpty()) {
            return;
        }
        try (PreparedStatement update = connection.prepareStatement("UPDATE contact SET filter_key = ?, state = ?, "
                + "previous_state = ?, last_event_id = ?, updated_at = ?, contact_json = ? WHERE id = ?")) {
            for (ContactRecord record : all) {
                update.setString(1, record.filterKey());
                update.setString(2, record.state());
                update.setString(3, record.previousState());
                update.setString(4, record.lastEventId());
                update.setString(5, record.updatedAt());
                update.setString(6, record.contactJson());
                update.setString(7, record.id());
                update.addBatch();
            }
            int[] counts = update.executeBatch();
            Iterator<ContactRecord> each = all.iterator();
            for (int count : counts) {
                ContactRecord record = each.next();
                if (count == 0) {
                    missing.add(record);
                }
            }
        }
        insert(connection, missing);
    }

    private static void insert(Connection connection, List<ContactRecord> records) throws SQLException {
        if (records.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO contact (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (ContactRecord record : records) {
                insert.setString(1, record.id());
                insert.setString(2, record.filterKey());
                insert.setString(3, record.state());
                insert.setString(4, record.previousState());
                insert.setString(5, record.lastEventId());
                insert.setString(6, record.updatedAt());
                insert.setString(7, record.contactJson());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static String textOrNull(JsonNode node) {
        return node.isTextual() ? node.asText() : null;
    }
}
