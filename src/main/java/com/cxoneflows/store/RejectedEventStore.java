package com.cxoneflows.store;

import com.cxoneflows.secret.Secrets;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The {@code rejected_event} table: written in the flows' own transactions, read by the API. */
public final class RejectedEventStore {

    private static final int MAX_DATA = 10_000;

    private final Database database;

    public RejectedEventStore(Database database) {
        this.database = database;
    }

    /** Adds one event in a transaction of its own. */
    public void add(RejectedEvent event) {
        database.inTransaction(connection -> {
            addAll(connection, List.of(event));
            return null;
        });
    }

    /** Adds events inside the caller's transaction. */
    public void addAll(Connection connection, Collection<RejectedEvent> events) throws SQLException {
        if (events.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO rejected_event "
                + "(flow, event_id, subject_id, from_state, to_state, reason, recorded_at, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (RejectedEvent event : events) {
                insert.setString(1, event.flow());
                insert.setString(2, clip(event.eventId(), 200));
                insert.setString(3, clip(event.subjectId(), 200));
                insert.setString(4, clip(event.fromState(), 40));
                insert.setString(5, clip(event.toState(), 40));
                insert.setString(6, clip(event.reason(), 2000));
                insert.setObject(7, OffsetDateTime.ofInstant(event.recordedAt(), ZoneOffset.UTC));
                insert.setString(8, clip(Secrets.redact(event.data()), MAX_DATA));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** The newest rejected events of a flow first. */
    public List<RejectedEvent> latest(String flow, int limit) {
        return database.inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT id, flow, event_id, subject_id, from_state, "
                    + "to_state, reason, recorded_at, data FROM rejected_event WHERE flow = ? ORDER BY id DESC")) {
                select.setString(1, flow);
                select.setMaxRows(limit);
                List<RejectedEvent> events = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next() && events.size() < limit) {
                        events.add(new RejectedEvent(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getString(4),
                                rows.getString(5), rows.getString(6), rows.getString(7),
                                rows.getObject(8, OffsetDateTime.class).toInstant(), rows.getString(9)));
                    }
                }
                return events;
            }
        });
    }

    private static String clip(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
