package com.cxoneflows.adherence;

import com.cxoneflows.store.CursorStore;
import com.cxoneflows.store.Database;
import com.cxoneflows.store.RejectedEvent;
import com.cxoneflows.store.RejectedEventStore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@code adherence_agent} table and the stream's cursor, always written together: each write is one transaction
 * that holds the agents' adherence and the sequenceId it is as of (cursor after effect).
 */
final class AdherenceTable {

    /** What a start reads back: the agents and the sequenceId they are as of, if any was committed. */
    record Stored(Map<String, AdherenceAgent> agents, Optional<Long> sequenceId) {
    }

    private static final String COLUMNS = "agent_id, scheduled_state, actual_state, in_adherence, out_of_adherence_since, sequence_id";

    private final Database database;
    private final CursorStore cursors;
    private final RejectedEventStore rejectedEvents;
    private final String stream;
    private final String filter;
    /** The agents that have a row, so a commit knows an update from an insert without asking. */
    private final Set<String> inTable = new HashSet<>();

    AdherenceTable(Database database, CursorStore cursors, RejectedEventStore rejectedEvents, String stream, String filter) {
        this.database = database;
        this.cursors = cursors;
        this.rejectedEvents = rejectedEvents;
        this.stream = stream;
        this.filter = filter;
    }

    Stored load() {
        Map<String, AdherenceAgent> agents = database.inTransaction(connection -> {
            Map<String, AdherenceAgent> rows = new TreeMap<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM adherence_agent");
                 ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    rows.put(row.getString(1), new AdherenceAgent(row.getString(1), row.getString(2), row.getString(3),
                            row.getBoolean(4), row.getString(5), row.getLong(6)));
                }
            }
            return rows;
        });
        inTable.clear();
        inTable.addAll(agents.keySet());
        return new Stored(agents, cursors.load(stream, filter).map(Long::valueOf));
    }

    /** One transaction: the agents a group changed, the events it refused, and the sequenceId after them. */
    void commit(Collection<AdherenceAgent> changed, List<RejectedEvent> rejected, long sequenceId) {
        List<AdherenceAgent> updates = new ArrayList<>();
        List<AdherenceAgent> inserts = new ArrayList<>();
        changed.forEach(agent -> (inTable.contains(agent.agentId()) ? updates : inserts).add(agent));
        database.inTransaction(connection -> {
            write(connection, "UPDATE adherence_agent SET scheduled_state = ?, actual_state = ?, in_adherence = ?, "
                    + "out_of_adherence_since = ?, sequence_id = ? WHERE agent_id = ?", updates);
            write(connection, "INSERT INTO adherence_agent (scheduled_state, actual_state, in_adherence, "
                    + "out_of_adherence_since, sequence_id, agent_id) VALUES (?, ?, ?, ?, ?, ?)", inserts);
            rejectedEvents.addAll(connection, rejected);
            if (sequenceId >= 0) {
                cursors.save(connection, stream, filter, String.valueOf(sequenceId));
            }
            return null;
        });
        inserts.forEach(agent -> inTable.add(agent.agentId()));
    }

    /**
     * One transaction: every row replaced by a baseline's agents, the cursor moved to its sequenceId, and the cursors of
     * other agent filters dropped (they belonged to rows that are gone).
     */
    void replace(Collection<AdherenceAgent> agents, long sequenceId) {
        database.inTransaction(connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM adherence_agent")) {
                delete.executeUpdate();
            }
            write(connection, "INSERT INTO adherence_agent (scheduled_state, actual_state, in_adherence, "
                    + "out_of_adherence_since, sequence_id, agent_id) VALUES (?, ?, ?, ?, ?, ?)", agents);
            cursors.save(connection, stream, filter, String.valueOf(sequenceId));
            cursors.keepOnly(connection, stream, filter);
            return null;
        });
        inTable.clear();
        agents.forEach(agent -> inTable.add(agent.agentId()));
    }

    /** Runs {@code sql}, whose parameters are the columns in the order of the insert with the id last, per agent. */
    private static void write(Connection connection, String sql, Collection<AdherenceAgent> agents) throws SQLException {
        if (agents.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (AdherenceAgent agent : agents) {
                statement.setString(1, agent.scheduledState());
                statement.setString(2, agent.actualState());
                statement.setBoolean(3, agent.inAdherence());
                statement.setString(4, agent.outOfAdherenceSince());
                statement.setLong(5, agent.sequenceId());
                statement.setString(6, agent.agentId());
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }
}
