package com.cxoneflows.cluster;

import com.cxoneflows.store.Database;
import com.cxoneflows.stream.StreamReaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The replicas of a cluster as the shared store sees them ({@code cluster_node}): each renews its row every
 * heartbeat, saying whether it reads the streams; one not seen for {@code cxone.cluster.node-timeout} is dead.
 * The cluster services cannot say who leads from a standby (the file lock knows only its own side), so the
 * {@code node} of {@code /api/streams} comes from here. Outside a cluster no row is written.
 */
public final class ClusterNodes implements StreamReaders {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterNodes.class);

    private final Database database;
    private final Clock clock;
    private final String self;
    private final Duration nodeTimeout;
    private final boolean clustered;

    public ClusterNodes(Database database, Clock clock, ClusterSettings settings) {
        this.database = database;
        this.clock = clock;
        this.self = settings.nodeId();
        this.nodeTimeout = settings.nodeTimeout();
        this.clustered = settings.clustered();
    }

    /** This replica's id, which claims its guest conversations (the same outside a cluster). */
    public String nodeId() {
        return self;
    }

    /** True when other replicas may share the store (a cluster service is configured). */
    public boolean clustered() {
        return clustered;
    }

    /** Replicas last seen before this are dead: their claims may be taken over. */
    public Instant deadBefore() {
        return clock.instant().minus(nodeTimeout);
    }

    @Override
    public Optional<String> self() {
        return clustered ? Optional.of(self) : Optional.empty();
    }

    @Override
    public Optional<String> reader() {
        if (!clustered) {
            return Optional.empty();
        }
        return database.inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT node_id FROM cluster_node "
                    + "WHERE reads_streams = TRUE AND seen_at >= ? ORDER BY seen_at DESC")) {
                select.setObject(1, utc(deadBefore()));
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
                }
            }
        });
    }

    /** Renews this replica's row; a store that is down is only logged (the next beat tries again). */
    public void beat(BooleanSupplier readsStreams) {
        try {
            boolean reads = readsStreams.getAsBoolean();
            OffsetDateTime now = utc(clock.instant());
            database.inTransaction(connection -> {
                try (PreparedStatement update = connection.prepareStatement(
                        "UPDATE cluster_node SET reads_streams = ?, seen_at = ? WHERE node_id = ?")) {
                    update.setBoolean(1, reads);
                    update.setObject(2, now);
                    update.setString(3, self);
                    if (update.executeUpdate() > 0) {
                        return null;
                    }
                }
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO cluster_node (node_id, reads_streams, seen_at) VALUES (?, ?, ?)")) {
                    insert.setString(1, self);
                    insert.setBoolean(2, reads);
                    insert.setObject(3, now);
                    return insert.executeUpdate();
                }
            });
        } catch (RuntimeException failed) {
            LOG.warn("Cluster heartbeat of {} failed: {}", self, failed.getMessage());
        }
    }

    /** On a clean stop: this replica no longer reads anything, and the others need not wait for its timeout. */
    public void leave() {
        try {
            database.inTransaction(connection -> {
                try (PreparedStatement delete = connection.prepareStatement("DELETE FROM cluster_node WHERE node_id = ?")) {
                    delete.setString(1, self);
                    return delete.executeUpdate();
                }
            });
        } catch (RuntimeException failed) {
            LOG.warn("Cluster node {} could not leave: {}", self, failed.getMessage());
        }
    }

    private static OffsetDateTime utc(Instant at) {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }
}
