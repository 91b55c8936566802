package com.cxoneflows.contact;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The committed contacts as they are read: the logged versions not folded yet ({@link ContactLogFold}) in place of
 * the table's, and a bounded Caffeine cache in front of the table.
 *
 * <p>The cache is filled by each fold with the contacts it wrote, not by each commit: until the fold, the logged version
 * is read before the cache, so a put at commit only served contacts that outlive a fold, for a Caffeine put per contact
 * per commit (7 % of the product's CPU in a burst). The fold's put also replaces what a read loaded from the table
 * before the fold wrote it (it waits for a load in flight), so the cache never answers an older version.
 *
 * <p>The table can change under the cache: a snapshot replaces it, and while this replica stands by another one writes
 * it. Each cached contact carries the number of such changes counted when its load began, and one loaded before the
 * last change is loaded again. (Emptying the cache is not enough: a load in flight, which read the table before the
 * change, lands in the cache after it.)
 */
final class CommittedContacts {

    private final ContactTables tables;
    private final ContactLogFold fold;
    private final Function<String, Optional<ContactRecord>> load;
    private final Cache<String, Cached> cache;
    /** How many times the table was replaced by a snapshot or left to another replica. */
    private final AtomicLong tableChanges = new AtomicLong();
    /** On a standby the log and the ids the fold knows are another replica's: reads go to the table alone. */
    private volatile boolean standby;

    CommittedContacts(ContactTables tables, ContactLogFold fold, long cacheSize) {
        this(tables, fold, cacheSize, tables::load);
    }

    /** {@code load} reads one contact from the table (a test slows it down to catch a snapshot in between). */
    CommittedContacts(ContactTables tables, ContactLogFold fold, long cacheSize, Function<String, Optional<ContactRecord>> load) {
        this.tables = tables;
        this.fold = fold;
        this.load = load;
        // maintenance on the caller's thread: one stream thread writes, and a hand-off per write costs more than the work
        this.cache = Caffeine.newBuilder().maximumSize(cacheSize).executor(Runnable::run).build();
        // a fold never runs during a replacement (ContactLogFold#foldAndReplace): what it wrote is current
        fold.whenFolded(record -> cache.put(record.id(), new Cached(tableChanges.get(), Optional.of(record))));
    }

    /** Reads the table alone from now on, as long as this replica does not read the stream (see ContactStore#standBy). */
    void standBy() {
        standby = true;
        tableChanges.incrementAndGet();
        cache.invalidateAll();
    }

    /** Reads as the reader again, once the fold has read back the log and the table's ids. */
    void read() {
        tableChanges.incrementAndGet();
        cache.invalidateAll();
        standby = false;
    }

    /** A committed contact: logged and not folded yet, else in the cache or the table. */
    Optional<ContactRecord> find(String id) {
        if (standby) {
            return tables.load(id);
        }
        ContactRecord unfolded = fold.unfolded(id);
        if (unfolded != null) {
            return Optional.of(unfolded);
        }
        if (!fold.mayBeInTable(id)) {
            return Optional.empty();
        }
        while (true) {
            Cached cached = cache.get(id, this::loadNow);
            if (cached.tableChanges == tableChanges.get()) {
                return cached.record;
            }
            cache.asMap().remove(id, cached);
        }
    }

    private Cached loadNow(String id) {
        // counted before the table is read: a replacement committed after the read is counted after this
        long before = tableChanges.get();
        return new Cached(before, load.apply(id));
    }

    /** The contacts of a group whose transaction committed up to log row {@code seq}. */
    void committed(List<ContactRecord> records, long seq) {
        for (ContactRecord record : records) {
            fold.logged(record);
        }
        fold.appended(seq, records.size());
    }

    /** Committed contacts in id order: the table's, with the logged versions not folded yet in place of theirs. */
    List<ContactRecord> byState(String state, int limit) {
        // taken before the query: a contact a fold removes from it meanwhile is in the table by then. The page is cut in
        // the table's order and merged with these in Java's, so the table must order ids as Java does.
        Map<String, ContactRecord> unfolded = standby ? Map.of() : fold.unfolded();
        List<ContactRecord> records = tables.page(state, limit, unfolded.keySet());
        for (ContactRecord record : unfolded.values()) {
            if (state == null || state.equals(record.state())) {
                records.add(record);
            }
        }
        records.sort(Comparator.comparing(ContactRecord::id));
        return records.size() > limit ? new ArrayList<>(records.subList(0, limit)) : records;
    }

    /** Committed contacts: the table's and those only logged so far. */
    long count() {
        return (standby ? 0 : fold.onlyLogged()) + tables.count();
    }

    /** A snapshot replaces the filter's contacts and moves the stream's cursor (one transaction). */
    void replace(String stream, String filter, ContactSnapshot snapshot) {
        fold.foldAndReplace(() -> tables.replace(stream, filter, snapshot));
        tableChanges.incrementAndGet();
        cache.invalidateAll();
    }

    /** A contact as the table had it (or had it not) after {@code tableChanges} changes. */
    private record Cached(long tableChanges, Optional<ContactRecord> record) {
    }
}
