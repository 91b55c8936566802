package com.cxoneflows.guest;

import com.cxoneflows.store.Database;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The durable inbox of guest conversations ({@code guest_inbox}): a conversation's first accepted message is
 * stored {@code PENDING} before the web-chat reader takes the next frame, and leaves that state only as
 * {@code ROUTED} or {@code DEAD_LETTERED}. Later messages of a conversation are counted on its row and never
 * routed again.
 */
public class GuestInbox {

    public enum Status { PENDING, ROUTED, DEAD_LETTERED }

    private static final int MAX_MESSAGE = 70_000;

    private final Database database;

    public GuestInbox(Database database) {
        this.database = database;
    }

    /** Stores the message; true if it is its conversation's first, the one that routes it. */
    public boolean accept(GuestMessage message) {
        return database.inTransaction(connection -> {
            try (PreparedStatement later = connection.prepareStatement(
                    "UPDATE guest_inbox SET messages = messages + 1 WHERE conversation_id = ?")) {
                later.setString(1, message.conversationId());
                if (later.executeUpdate() > 0) {
                    return false;
                }
            }
            try (PreparedStatement first = connection.prepareStatement("INSERT INTO guest_inbox (conversation_id, "
                    + "fingerprint, queue_id, message, received_at, messages, status) VALUES (?, ?, ?, ?, ?, 1, ?)")) {
                first.setString(1, message.conversationId());
                first.setString(2, clip(message.fingerprint(), 200));
                first.setString(3, clip(message.queueId(), 200));
                first.setString(4, clip(message.text(), MAX_MESSAGE));
                first.setObject(5, utc(message.receivedAt()));
                first.setString(6, Status.PENDING.name());
                first.executeUpdate();
                return true;
            }
        });
    }

    /** Conversations still {@code PENDING} that were received before {@code before}, oldest first. */
    public List<GuestMessage> pendingBefore(Instant before) {
        return database.inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT conversation_id, fingerprint, queue_id, "
                    + "message, received_at FROM guest_inbox WHERE status = ? AND received_at < ? ORDER BY received_at")) {
                select.setString(1, Status.PENDING.name());
                select.setObject(2, utc(before));
                List<GuestMessage> pending = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        pending.add(new GuestMessage(rows.getString(1), rows.getString(2), rows.getString(3),
                                rows.getString(4), rows.getObject(5, OffsetDateTime.class).toInstant()));
                    }
                }
                return pending;
            }
        });
    }

    /**
     * Claims a {@code PENDING} conversation for {@code node} before it is routed, in one conditional update: false
     * if it is finished, or claimed by another replica seen alive since {@code deadBefore} ({@code cluster_node}).
     * So the re-drives of two replicas never route one conversation twice, and a dead replica's are taken over.
     */
    public boolean claim(String conversationId, String node, Instant deadBefore) {
        return database.inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE guest_inbox SET claimed_by = ? "
                    + "WHERE conversation_id = ? AND status = ? AND (claimed_by IS NULL OR claimed_by = ? "
                    + "OR claimed_by NOT IN (SELECT node_id FROM cluster_node WHERE seen_at >= ?))")) {
                update.setString(1, node);
                update.setString(2, conversationId);
                update.setString(3, Status.PENDING.name());
                update.setString(4, node);
                update.setObject(5, utc(deadBefore));
                return update.executeUpdate() == 1;
            }
        });
    }

    /** Ends a conversation as routed or dead-lettered; a replayed dead letter that succeeds moves it to routed. */
    public void finish(String conversationId, Status status, String taskId, Instant at) {
        database.inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE guest_inbox SET status = ?, task_id = ?, finished_at = ? WHERE conversation_id = ?")) {
                update.setString(1, status.name());
                update.setString(2, clip(taskId, 200));
                update.setObject(3, utc(at));
                update.setString(4, conversationId);
                return update.executeUpdate();
            }
        });
    }

    /** How many conversations are in each state. */
    public Map<Status, Long> counts() {
        return database.inTransaction(connection -> {
            Map<Status, Long> counts = new LinkedHashMap<>();
            for (Status status : Status.values()) {
                counts.put(status, 0L);
            }
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT status, COUNT(*) FROM guest_inbox GROUP BY status");
                 ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    counts.put(Status.valueOf(rows.getString(1)), rows.getLong(2));
                }
            }
            return counts;
        });
    }

    private static OffsetDateTime utc(Instant at) {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }

    private static String clip(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
