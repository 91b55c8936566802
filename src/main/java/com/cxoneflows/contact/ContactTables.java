package com.cxoneflows.contact;

import com.cxoneflows.store.CursorStore;
import com.cxoneflows.store.Database;
import com.cxoneflows.store.RejectedEventStore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The contact store's transactions: a commit group (its contacts to the {@link ContactLog}, its refused events, the
 * stream's cursor), a fold's rows of the {@code contact} table, a snapshot's replacement of a filter's rows with the
 * cursor, and the reads of the {@code contact} table.
 */
final class ContactTables {

    private static final String COLUMNS = "id, filter_key, state, previous_state, last_event_id, updated_at, contact_json";

    private final Database database;
    private final ContactLog log;
    private final CursorStore cursors;
    private final RejectedEventStore rejectedEvents;

    ContactTables(Database database, ContactLog log, CursorStore cursors, RejectedEventStore rejectedEvents) {
        this.database = database;
        this.log = log;
        this.cursors = cursors;
        this.rejectedEvents = rejectedEvents;
    }

    /** One transaction: the group's contacts (its log rows), its refused events and the cursor after them; returns the last log row. */
    long commit(CommitGroup group, List<byte[]> logRows) {
        return database.inTransaction(connection -> {
            long last = log.append(connection, logRows);
            rejectedEvents.addAll(connection, group.rejections);
            if (group.cursor != null) {
                cursors.save(connection, group.stream, group.filter, group.cursor);
            }
            return last;
        });
    }

    /** At start: the ids in the table into {@code ids}, every logged contact into {@code logged}; returns how many log rows. */
    int readBack(StoredIds ids, Map<String, ContactRecord> logged) {
        return database.inTransaction(connection -> {
            addIds(connection, ids);
            return log.readAll(connection, logged);
        });
    }

    /** One transaction of a fold: the contacts the table has are updated, the others inserted. */
    void fold(List<ContactRecord> updates, List<ContactRecord> inserts) {
        database.inTransaction(connection -> {
            upsert(connection, updates);
            insert(connection, inserts);
            return null;
        });
    }

    /** One transaction: the filter's contacts become the snapshot's, the cursor its event; returns every id in the table. */
    StoredIds replace(String stream, String filter, ContactSnapshot snapshot) {
        return database.inTransaction(connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM contact WHERE filter_key = ?")) {
                delete.setString(1, filter);
                delete.executeUpdate();
            }
            insert(connection, snapshot.contacts());
            cursors.save(connection, stream, filter, snapshot.lastEventId());
            StoredIds ids = new StoredIds();
            addIds(connection, ids);
            return ids;
        });
    }

    Optional<ContactRecord> load(String id) {
        return database.inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM contact WHERE id = ?")) {
                select.setString(1, id);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(read(rows)) : Optional.<ContactRecord>empty();
                }
            }
        });
    }

    /**
     * The first {@code limit} rows in id order by character code, as {@code String.compareTo} orders them (in the given
     * state, if any), leaving out the ids of {@code skipped}.
     */
    List<ContactRecord> page(String state, int limit, Set<String> skipped) {
        return database.inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM contact"
                    + (state == null ? "" : " WHERE state = ?") + " ORDER BY " + database.inByteOrder("id"))) {
                if (state != null) {
                    select.setString(1, state);
                }
                select.setMaxRows((int) Math.min(Integer.MAX_VALUE, (long) limit + skipped.size()));
                List<ContactRecord> rows = new ArrayList<>();
                try (ResultSet row = select.executeQuery()) {
                    while (row.next() && rows.size() < limit) {
                        if (!skipped.contains(row.getString(1))) {
                            rows.add(read(row));
                        }
                    }
                }
                return rows;
            }
        });
    }

    long count() {
        return database.inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT COUNT(*) FROM contact");
                 ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        });
    }

    private static void addIds(Connection connection, StoredIds ids) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT id FROM contact");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
        }
    }

    private static ContactRecord read(ResultSet row) throws SQLException {
        return new ContactRecord(row.getString(1), row.getString(2), row.getString(3), row.getString(4), row.getString(5),
                row.getString(6), row.getString(7));
    }

    private static void upsert(Connection connection, List<ContactRecord> records) throws SQLException {
        if (records.isEmpty()) {
            return;
        }
        List<ContactRecord> missing = new ArrayList<>();
        try (PreparedStatement update = connection.prepareStatement("UPDATE contact SET filter_key = ?, state = ?, "
                + "previous_state = ?, last_event_id = ?, updated_at = ?, contact_json = ? WHERE id = ?")) {
            for (ContactRecord record : records) {
                setColumnsAfterId(update, 1, record);
                update.setString(7, record.id());
                update.addBatch();
            }
            int[] counts = update.executeBatch();
            Iterator<ContactRecord> each = records.iterator();
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
                setColumnsAfterId(insert, 2, record);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** Sets the columns of {@link #COLUMNS} after the id, from parameter {@code first} on. */
    private static void setColumnsAfterId(PreparedStatement statement, int first, ContactRecord record) throws SQLException {
        statement.setString(first, record.filterKey());
        statement.setString(first + 1, record.state());
        statement.setString(first + 2, record.previousState());
        statement.setString(first + 3, record.lastEventId());
        statement.setString(first + 4, record.updatedAt());
        statement.setString(first + 5, record.contactJson());
    }
}
