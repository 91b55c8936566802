package com.cxoneflows.contact;

import com.github.benmanes.caffeine.cache.Ticker;
import org.apache.camel.spi.ExecutorServiceManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Folds the contact log ({@code contact_change}) into the {@code contact} table: on its thread, once {@code foldEvery}
 * contacts were logged or when the stream is quiet, it writes the latest logged version of each contact into the table
 * and deletes the log rows it covered. Until then it holds the committed contacts not folded yet, which are read before
 * the table, and knows every id the table has, so a contact never seen costs no query (most first events are new
 * contacts).
 */
final class ContactLogFold {

    private static final Logger LOG = LoggerFactory.getLogger(ContactLogFold.class);
    private static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long CHECK_MILLIS = 100;
    private static final int FOLD_BATCH = 2_000;

    private final ContactTables tables;
    private final ContactLog log;
    private final ExecutorServiceManager executors;
    private final Ticker ticker;
    private final int foldEvery;

    /** Replaced, not cleared, at start and by a snapshot: a reader never sees it half filled. */
    private volatile StoredIds inTable = new StoredIds();
    /** Contacts committed to the log and not folded into the table yet. */
    private final Map<String, ContactRecord> logged = new ConcurrentHashMap<>();
    /** Contacts logged since the last fold. */
    private final AtomicLong loggedSinceFold = new AtomicLong();
    private volatile long lastCommitNanos;
    /** Held by a fold and by a snapshot's replacement, which must not interleave. */
    private final Object folding = new Object();
    /** The last log row folded into the table. */
    private volatile long foldedUpTo;
    private ScheduledExecutorService folder;
    /** Told of each contact a fold wrote into the table, before it is read from the table instead of the log. */
    private volatile Consumer<ContactRecord> whenFolded = record -> { };

    ContactLogFold(ContactTables tables, ContactLog log, ExecutorServiceManager executors, Ticker ticker, int foldEvery) {
        if (foldEvery < 1) {
            throw new IllegalArgumentException("cxone.contacts.fold-every must be at least 1");
        }
        this.tables = tables;
        this.log = log;
        this.executors = executors;
        this.ticker = ticker;
        this.foldEvery = foldEvery;
        this.lastCommitNanos = ticker.read();
    }

    /** {@code whenFolded} is told of each contact a fold wrote, before reads of it go to the table. */
    void whenFolded(Consumer<ContactRecord> whenFolded) {
        this.whenFolded = whenFolded;
    }

    /** The contact if it is logged and not folded yet, else null. */
    ContactRecord unfolded(String id) {
        return logged.get(id);
    }

    /** A copy of the contacts logged and not folded yet. */
    Map<String, ContactRecord> unfolded() {
        return new HashMap<>(logged);
    }

    /** False if the table has no such contact; true if it may have it (see {@link StoredIds}). */
    boolean mayBeInTable(String id) {
        return inTable.mayContain(id);
    }

    /**
     * How many contacts are logged and not in the table yet (one fewer, until the next fold, in the rare case that a
     * new contact's id shares its hash with a stored one: see {@link StoredIds}).
     */
    long onlyLogged() {
        StoredIds stored = inTable;
        return logged.keySet().stream().filter(id -> !stored.mayContain(id)).count();
    }

    /** A contact its group's transaction logged. */
    void logged(ContactRecord record) {
        logged.put(record.id(), record);
    }

    /** The group's transaction committed up to log row {@code seq}, after its contacts were {@link #logged}. */
    void appended(long seq, int contacts) {
        // published after the contacts are in `logged`: a fold up to this row finds them there
        log.appended(seq);
        loggedSinceFold.addAndGet(contacts);
        lastCommitNanos = ticker.read();
    }

    /** Reads the ids in the table and the contacts logged but not folded, then starts the fold thread. */
    void start() {
        // what this replica read or folded before may be out of date: another replica may have read the stream since
        StoredIds stored = new StoredIds();
        logged.clear();
        foldedUpTo = 0;
        int rows = tables.readBack(stored, logged);
        inTable = stored;
        loggedSinceFold.set(logged.size());
        if (rows > 0) {
            LOG.info("Contact store: {} contacts logged in {} rows not folded into the table yet", logged.size(), rows);
        }
        folder = executors.newSingleThreadScheduledExecutor(this, "contact-store-fold");
        folder.scheduleWithFixedDelay(this::foldIfDue, CHECK_MILLIS, CHECK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Stops the fold thread and folds what is left. */
    void stop() {
        if (folder != null) {
            executors.shutdownGraceful(folder, 10_000);
        }
        try {
            fold();
        } catch (RuntimeException e) {
            LOG.warn("Contact store: log not folded on shutdown ({}); the next start reads it", e.getMessage());
        }
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
            // read first: every contact of the rows up to it is in `logged` already (appended() publishes it after)
            long upTo = log.lastSeq();
            if (upTo <= foldedUpTo) {
                return;
            }
            long started = ticker.read();
            List<ContactRecord> records = new ArrayList<>(logged.values());
            records.sort(Comparator.comparing(ContactRecord::id));
            int inserted = 0;
            for (int from = 0; from < records.size(); from += FOLD_BATCH) {
                List<ContactRecord> updates = new ArrayList<>();
                List<ContactRecord> inserts = new ArrayList<>();
                for (ContactRecord record : records.subList(from, Math.min(records.size(), from + FOLD_BATCH))) {
                    (inTable.mayContain(record.id()) ? updates : inserts).add(record);
                }
                tables.fold(updates, inserts);
                inTable.addAll(inserts);
                inserted += inserts.size();
            }
            log.deleteUpTo(upTo);
            // a newer version logged meanwhile stays until the next fold
            Consumer<ContactRecord> folded = whenFolded;
            for (ContactRecord record : records) {
                folded.accept(record);
                logged.remove(record.id(), record);
            }
            foldedUpTo = upTo;
            loggedSinceFold.addAndGet(-counted);
            LOG.debug("Contact store: folded {} contacts ({} new) into the table in {} ms", records.size(), inserted,
                    TimeUnit.NANOSECONDS.toMillis(ticker.read() - started));
        }
    }

    /**
     * Folds everything logged (the table is where a snapshot replaces it), then runs the replacement, which returns
     * every id the table has after it; no fold runs in between.
     */
    void foldAndReplace(Supplier<StoredIds> replacement) {
        synchronized (folding) {
            fold();
            inTable = replacement.get();
        }
    }

    /** On the fold thread: folds once enough contacts were logged, or when the stream has been quiet for a while. */
    private void foldIfDue() {
        boolean quiet = ticker.read() - lastCommitNanos > QUIET_NANOS;
        if (loggedSinceFold.get() >= foldEvery || quiet && log.lastSeq() > foldedUpTo) {
            try {
                fold();
            } catch (RuntimeException e) {
                LOG.warn("Contact store: fold into the contact table failed, retrying later: {}", e.getMessage());
            }
        }
    }
}
