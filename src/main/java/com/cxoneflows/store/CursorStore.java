package com.cxoneflows.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * Stream cursors ({@code Last-Event-ID}, {@code sequenceId}), keyed by stream name and filter so that
 * two filters of one stream never share a cursor. {@link #save(Connection, String, String, String)}
 * joins the caller's transaction: the cursor moves with the effects it covers.
 */
public final class CursorStore {

    private final Database database;
    private final Clock clock;

    public CursorStore(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    public Optional<String> load(String stream, String filter) {
        return database.inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT cursor_value FROM stream_cursor WHERE stream_name = ? AND filter_key = ?")) {
                select.setString(1, stream);
                select.setString(2, filter);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.ofNullable(rows.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    /** Saves in its own transaction. */
    public void save(String stream, String filter, String cursor) {
        database.inTransaction(connection -> {
            save(connection, stream, filter, cursor);
            return null;
        });
    }

    /**
     * Drops the cursors of {@code stream}'s other filters, inside the caller's transaction: for a stream whose whole
     * state was just replaced for one filter (a baseline), so that a later switch back to another filter cannot
     * resume from a cursor of a state that is gone.
     */
    public void keepOnly(Connection connection, String stream, String filter) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM stream_cursor WHERE stream_name = ? AND filter_key <> ?")) {
            delete.setString(1, stream);
            delete.setString(2, filter);
            delete.executeUpdate();
        }
    }

    /** Saves inside the caller's transaction. One writer per stream and filter, so update-then-insert is safe. */
    public void save(Connection connection, String stream, String filter, String cursor) throws SQLException {
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE stream_cursor SET cursor_value = ?, updated_at = ? WHERE stream_name = ? AND filter_key = ?")) {
            update.setString(1, cursor);
            update.setObject(2, now);
            update.setString(3, stream);
            update.setString(4, filter);
            if (update.executeUpdate() > 0) {
                return;
            }
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO stream_cursor (stream_name, filter_key, cursor_value, updated_at) VALUES (?, ?, ?, ?)")) {
            insert.setString(1, stream);
            insert.setString(2, filter);
            insert.setString(3, cursor);
            insert.setObject(4, now);
            insert.executeUpdate();
        }
    }
}
