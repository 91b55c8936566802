package com.cxoneflows.contact;

import com.cxoneflows.store.Database;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The {@code contact_change} table: each commit group appends the contacts it changed as JSON lines in UTF-8
 * ({@code ["id","filter","state","previous","lastEventId","updatedAt",{contact}]}), a few rows a group, so a
 * commit is one sequential write instead of a row write per contact. Rows are read back in order (the latest
 * version of a contact wins) when the store starts, and deleted once folded into the contact table.
 */
final class ContactLog {

    /** Contacts per row: a group of 5,000 changed contacts is five rows of about 350 KB. */
    static final int CONTACTS_PER_ROW = 1_000;

    /** Rows deleted in one transaction. */
    private static final int DELETE_BATCH = 4;

    private final Database database;
    private final ObjectMapper json;
    private volatile long lastSeq;

    ContactLog(Database database, ObjectMapper json) {
        this.database = database;
        this.json = json;
    }

    /** Appends the rows made by {@link #rows} inside the caller's transaction; returns the last row's sequence number. */
    long append(Connection connection, List<byte[]> rows) throws SQLException {
        if (rows.isEmpty()) {
            return lastSeq;
        }
        long seq = lastSeq;
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO contact_change (seq, contacts) VALUES (?, ?)")) {
            for (byte[] row : rows) {
                insert.setLong(1, ++seq);
                insert.setBytes(2, row);
                insert.addBatch();
            }
            insert.executeBatch();
        }
        return seq;
    }

    /** Called once the transaction that appended up to {@code seq} committed. */
    void appended(long seq) {
        lastSeq = seq;
    }

    /** Reads every logged contact into {@code into} in log order, so the latest version wins; returns how many rows. */
    int readAll(Connection connection, Map<String, ContactRecord> into) throws SQLException {
        int rows = 0;
        // from the rows alone: another replica may have appended and folded rows since this one last did
        lastSeq = 0;
        try (PreparedStatement select = connection.prepareStatement("SELECT seq, contacts FROM contact_change ORDER BY seq");
             ResultSet row = select.executeQuery()) {
            while (row.next()) {
                rows++;
                lastSeq = row.getLong(1);
                for (String line : new String(row.getBytes(2), StandardCharsets.UTF_8).split("\n")) {
                    if (!line.isEmpty()) {
                        ContactRecord record = record(line);
                        into.put(record.id(), record);
                    }
                }
            }
        }
        return rows;
    }

    /** The sequence number of the last row appended (and committed). */
    long lastSeq() {
        return lastSeq;
    }

    /**
     * Deletes the rows a fold covered, oldest first, a few rows a transaction: H2 keeps a deleted row in the
     * transaction's undo log, and deleting fifty rows of 300 KB in one transaction made it write an 80 MB chunk.
     */
    void deleteUpTo(long seq) {
        for (long done = firstSeq(); done < seq; done = Math.min(seq, done + DELETE_BATCH)) {
            long upTo = Math.min(seq, done + DELETE_BATCH);
            database.inTransaction(connection -> {
                try (PreparedStatement delete = connection.prepareStatement("DELETE FROM contact_change WHERE seq <= ?")) {
                    delete.setLong(1, upTo);
                    return delete.executeUpdate();
                }
            });
        }
    }

    private long firstSeq() {
        return database.inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT MIN(seq) FROM contact_change");
                 ResultSet row = select.executeQuery()) {
                return row.next() ? Math.max(0, row.getLong(1) - 1) : 0L;
            }
        });
    }

    /**
     * A group's contacts as log rows and as the records read until they are folded: each tree is written once, into the
     * row's text, whose UTF-8 bytes are the row and whose slices are the contacts' JSON (see {@link JsonText}).
     */
    Rows rows(Collection<LatestContact> contacts) {
        Rows rows = new Rows(new ArrayList<>(contacts.size() / CONTACTS_PER_ROW + 1), new ArrayList<>(contacts.size()));
        Iterator<LatestContact> each = contacts.iterator();
        while (each.hasNext()) {
            row(each, rows);
        }
        return rows;
    }

    /** The log rows of a commit group and its contacts with their JSON. */
    record Rows(List<byte[]> rows, List<ContactRecord> records) {
    }

    private void row(Iterator<LatestContact> contacts, Rows rows) {
        List<LatestContact> batch = new ArrayList<>(CONTACTS_PER_ROW);
        for (int i = 0; i < CONTACTS_PER_ROW && contacts.hasNext(); i++) {
            batch.add(contacts.next());
        }
        int[] bounds = new int[2 * batch.size()];
        String row = text(batch, bounds, false);
        if (row == null) {
            // JSON may carry a lone surrogate (an escape such as \ud800), which UTF-8 cannot: it would reach the row as
            // '?' while the records kept it, and a restart would read another contact back. Escaped, every character survives.
            row = text(batch, bounds, true);
        }
        rows.rows().add(row.getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < batch.size(); i++) {
            rows.records().add(batch.get(i).record.withContactJson(row.substring(bounds[2 * i], bounds[2 * i + 1])));
        }
    }

    /**
     * The row's text, or null if it would hold a lone surrogate and {@code escapeNonAscii} is false; {@code bounds} gets
     * where each contact's JSON starts and ends in it.
     */
    private String text(List<LatestContact> batch, int[] bounds, boolean escapeNonAscii) {
        // room for lines of about 350 characters (the benchmark's) and more: a builder that grows copies the row
        StringBuilder text = new StringBuilder(batch.size() * 512);
        JsonText out = new JsonText(text, json, escapeNonAscii);
        for (int i = 0; i < batch.size(); i++) {
            ContactRecord record = batch.get(i).record;
            text.append('[');
            for (String column : new String[] {record.id(), record.filterKey(), record.state(), record.previousState(),
                    record.lastEventId(), record.updatedAt()}) {
                out.string(column);
                text.append(',');
            }
            bounds[2 * i] = text.length();
            out.tree(batch.get(i).tree);
            bounds[2 * i + 1] = text.length();
            text.append("]\n");
        }
        return out.wroteLoneSurrogate() ? null : text.toString();
    }

    /**
     * A log line back as a record; its contact JSON is the line's own text, not a tree written again, so a row written
     * escaped (see {@link #row}) stays escaped.
     */
    private ContactRecord record(String line) {
        try (JsonParser fields = json.getFactory().createParser(line)) {
            String[] text = new String[6];
            if (fields.nextToken() != JsonToken.START_ARRAY) {
                throw new IOException("not an array");
            }
            for (int i = 0; i < text.length; i++) {
                fields.nextToken();
                text[i] = fields.getValueAsString();
            }
            if (fields.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("no contact object");
            }
            int from = (int) fields.currentTokenLocation().getCharOffset();
            fields.skipChildren();
            int to = (int) fields.currentLocation().getCharOffset();
            return new ContactRecord(text[0], text[1], text[2], text[3], text[4], text[5], line.substring(from, to));
        } catch (IOException e) {
            throw new IllegalStateException("unreadable line in contact_change: " + line, e);
        }
    }
}
