package com.cxoneflows.deadletter;

import com.cxoneflows.store.Database;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The {@code dead_letter} table: one store behind both the JMX MBean and the HTTP API. */
public final class DeadLetterStore {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> HEADERS = new TypeReference<>() {
    };
    private static final String COLUMNS = "id, flow, endpoint_uri, reason, exception_class, exception_message, "
            + "http_status, attempts, first_failure_at, last_failure_at, headers, body";

    private final Database database;

    public DeadLetterStore(Database database) {
        this.database = database;
    }

    /** Stores a new dead letter; the id in {@code letter} is ignored. Returns the id given. */
    public long add(DeadLetter letter) {
        return database.inTransaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO dead_letter (flow, endpoint_uri, reason, exception_class, exception_message, http_status, "
                            + "attempts, first_failure_at, last_failure_at, headers, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    new String[] {"id"})) {
                insert.setString(1, letter.flow());
                insert.setString(2, letter.endpointUri());
                insert.setString(3, clip(letter.reason(), 2000));
                insert.setString(4, clip(letter.exceptionClass(), 500));
                insert.setString(5, clip(letter.exceptionMessage(), 4000));
                setStatus(insert, 6, letter.httpStatus());
                insert.setInt(7, letter.attempts());
                insert.setObject(8, utc(letter.firstFailureAt()));
                insert.setObject(9, utc(letter.lastFailureAt()));
                insert.setString(10, toJson(letter.headers()));
                insert.setString(11, letter.body());
                insert.executeUpdate();
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    keys.next();
                    return keys.getLong(1);
                }
            }
        });
    }

    /** Records another failed delivery of an existing letter (a replay that failed again). */
    public boolean recordFailure(long id, String reason, String exceptionClass, String exceptionMessage,
                                 Integer httpStatus, int attempts, Instant at) {
        return database.inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE dead_letter SET reason = ?, exception_class = ?, exception_message = ?, http_status = ?, "
                            + "attempts = attempts + ?, last_failure_at = ? WHERE id = ?")) {
                update.setString(1, clip(reason, 2000));
                update.setString(2, clip(exceptionClass, 500));
                update.setString(3, clip(exceptionMessage, 4000));
                setStatus(update, 4, httpStatus);
                update.setInt(5, attempts);
                update.setObject(6, utc(at));
                update.setLong(7, id);
                return update.executeUpdate() == 1;
            }
        });
    }

    public Optional<DeadLetter> find(long id) {
        return database.inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM dead_letter WHERE id = ?")) {
                select.setLong(1, id);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(read(rows)) : Optional.<DeadLetter>empty();
                }
            }
        });
    }

    /** The oldest letters first, of one flow or of all ({@code flow} null or empty). */
    public List<DeadLetter> list(String flow, int limit) {
        boolean all = flow == null || flow.isEmpty();
        return database.inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM dead_letter"
                    + (all ? "" : " WHERE flow = ?") + " ORDER BY id")) {
                if (!all) {
                    select.setString(1, flow);
                }
                select.setMaxRows(limit);
                List<DeadLetter> letters = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next() && letters.size() < limit) {
                        letters.add(read(rows));
                    }
                }
                return letters;
            }
        });
    }

    /**
     * Marks a replay of the letter as running, in one conditional update shared by every replica of a cluster:
     * false if one runs already (one started before {@code staleBefore} is taken as the run of a dead replica).
     */
    public boolean startReplay(long id, Instant at, Instant staleBefore) {
        return database.inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE dead_letter SET replay_started_at = ? "
                    + "WHERE id = ? AND (replay_started_at IS NULL OR replay_started_at < ?)")) {
                update.setObject(1, utc(at));
                update.setLong(2, id);
                update.setObject(3, utc(staleBefore));
                return update.executeUpdate() == 1;
            }
        });
    }

    /** A replay that kept the letter (it failed or was dead-lettered again) is over. */
    public void endReplay(long id) {
        database.inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE dead_letter SET replay_started_at = NULL WHERE id = ?")) {
                update.setLong(1, id);
                return update.executeUpdate();
            }
        });
    }

    public boolean delete(long id) {
        return database.inTransaction(connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM dead_letter WHERE id = ?")) {
                delete.setLong(1, id);
                return delete.executeUpdate() == 1;
            }
        });
    }

    public long count() {
        return database.inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT COUNT(*) FROM dead_letter");
                 ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        });
    }

    public Map<String, Long> countByFlow() {
        return database.inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT flow, COUNT(*) FROM dead_letter GROUP BY flow ORDER BY flow");
                 ResultSet rows = select.executeQuery()) {
                Map<String, Long> counts = new LinkedHashMap<>();
                while (rows.next()) {
                    counts.put(rows.getString(1), rows.getLong(2));
                }
                return counts;
            }
        });
    }

    private static DeadLetter read(ResultSet row) throws SQLException {
        int status = row.getInt("http_status");
        Integer httpStatus = row.wasNull() ? null : status;
        return new DeadLetter(row.getLong("id"), row.getString("flow"), row.getString("endpoint_uri"),
                row.getString("reason"), row.getString("exception_class"), row.getString("exception_message"),
                httpStatus, row.getInt("attempts"),
                row.getObject("first_failure_at", OffsetDateTime.class).toInstant(),
                row.getObject("last_failure_at", OffsetDateTime.class).toInstant(),
                fromJson(row.getString("headers")), row.getString("body"));
    }

    private static void setStatus(PreparedStatement statement, int index, Integer status) throws SQLException {
        if (status == null) {
            statement.setNull(index, Types.INTEGER);
        } else {
            statement.setInt(index, status);
        }
    }

    private static OffsetDateTime utc(Instant at) {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }

    private static String clip(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    private static String toJson(Map<String, String> headers) {
        try {
            return JSON.writeValueAsString(headers);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("headers cannot be written as JSON", e);
        }
    }

    private static Map<String, String> fromJson(String headers) {
        try {
            return headers == null ? Map.of() : JSON.readValue(headers, HEADERS);
        } catch (JsonProcessingException e) {
            return Map.of("unreadable", headers);
        }
    }
}
