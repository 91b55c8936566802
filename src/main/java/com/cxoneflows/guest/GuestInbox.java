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
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The durable inbox of guest conversations ({@code guest_inbox}): a conversation's first accepted message is
 * stored {@code PENDING}, in one commit with the messages read together with it, before the web-chat reader
 * takes the next frames, and leaves that state only as {@code ROUTED} or {@code DEAD_LETTERED}. Later messages
 * of a conversation are counted on its row and never routed again. Routed conversations are deleted once old enough
 * ({@link #purgeRouted}) and counted as routed from then on ({@code guest_inbox_purged}).
 */
public class GuestInbox {

    public enum Status { PENDING, ROUTED, DEAD_LETTERED }

    private static final int MAX_MESSAGE = 70_000;

    private final Database database;
    /** Endings waiting for the next group commit, and the lock of the one who writes them. */
    private final Queue<Finishing> finishing = new ConcurrentLinkedQueue<>();
    private final ReentrantLock committing = new ReentrantLock();

    public GuestInbox(Database database) {
        this.database = database;
    }

    /**
     * Stores the messages read together in one transaction (group commit: one JDBC batch of updates, one of
     * inserts); returns, in order, the first message of each conversation that was not in the inbox yet: the
     * ones that route it. A conversation's later messages, in this batch or an earlier one, are counted on its row.
     */
    public List<GuestMessage> accept(List<GuestMessage> messages) {
        if (messages.isEmpty()) {
            return List.of();
        }
        Map<String, List<GuestMessage>> byConversation = new LinkedHashMap<>();
        for (GuestMessage message : messages) {
            byConversation.computeIfAbsent(message.conversationId(), id -> new ArrayList<>()).add(message);
        }
        List<List<GuestMessage>> conversations = new ArrayList<>(byConversation.values());
        return database.inTransaction(connection -> {
            int[] updated;
            try (PreparedStatement later = connection.prepareStatement(
                    "UPDATE guest_inbox SET messages = messages + ? WHERE conversation_id = ?")) {
                for (List<GuestMessage> conversation : conversations) {
                    later.setInt(1, conversation.size());
                    later.setString(2, conversation.get(0).conversationId());
                    later.addBatch();
                }
                // H2 and PostgreSQL give each statement's count (never SUCCESS_NO_INFO for a prepared UPDATE)
                updated = later.executeBatch();
            }
            List<GuestMessage> firsts = new ArrayList<>();
            try (PreparedStatement first = connection.prepareStatement("INSERT INTO guest_inbox (conversation_id, "
                    + "fingerprint, queue_id, message, received_at, messages, status) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                for (int i = 0; i < conversations.size(); i++) {
                    if (updated[i] > 0) {
                        continue;
                    }
                    GuestMessage message = conversations.get(i).get(0);
                    first.setString(1, message.conversationId());
                    first.setString(2, clip(message.fingerprint(), 200));
                    first.setString(3, clip(message.queueId(), 200));
                    first.setString(4, clip(message.text(), MAX_MESSAGE));
                    first.setObject(5, utc(message.receivedAt()));
                    first.setInt(6, conversations.get(i).size());
                    first.setString(7, Status.PENDING.name());
                    first.addBatch();
                    firsts.add(message);
                }
                if (!firsts.isEmpty()) {
                    first.executeBatch();
                }
            }
            return firsts;
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

    /** How a conversation ended: routed (with its task) or dead-lettered, and when. */
    public record Ending(String conversationId, Status status, String taskId, Instant at) {
    }

    /** Ends a conversation as routed or dead-lettered; a replayed dead letter that succeeds moves it to routed. */
    public void finish(String conversationId, Status status, String taskId, Instant at) {
        finish(List.of(new Ending(conversationId, status, taskId, at)));
    }

    /**
     * Ends conversations; returns once the change is committed. Group commit: the threads that finish at the same
     * time share one transaction (whoever takes the commit next writes every ending queued so far, in order), so
     * they cost the store one commit instead of one each, queued behind each other.
     */
    public void finish(List<Ending> endings) {
        Finishing mine = new Finishing(endings);
        finishing.add(mine);
        committing.lock();
        try {
            if (!mine.done) {
                List<Finishing> group = new ArrayList<>();
                for (Finishing queued = finishing.poll(); queued != null; queued = finishing.poll()) {
                    group.add(queued);
                }
                commit(group);
            }
        } finally {
            committing.unlock();
        }
        if (mine.failure != null) {
            throw mine.failure;
        }
    }

    /** Writes a group of endings in one transaction; each caller learns the outcome (read under the same lock). */
    private void commit(List<Finishing> group) {
        try {
            database.inTransaction(connection -> {
                try (PreparedStatement update = connection.prepareStatement(
                        "UPDATE guest_inbox SET status = ?, task_id = ?, finished_at = ? WHERE conversation_id = ?")) {
                    for (Finishing finish : group) {
                        for (Ending ending : finish.endings) {
                            update.setString(1, ending.status().name());
                            update.setString(2, clip(ending.taskId(), 200));
                            update.setObject(3, utc(ending.at()));
                            update.setString(4, ending.conversationId());
                            update.addBatch();
                        }
                    }
                    return update.executeBatch();
                }
            });
        } catch (RuntimeException failed) {
            group.forEach(finish -> finish.failure = failed);
        } finally {
            group.forEach(finish -> finish.done = true);
        }
    }

    /**
     * Deletes up to {@code limit} conversations routed before {@code routedBefore}, oldest first, and adds them to the
     * count of routed conversations deleted, in one transaction; returns how many it deleted. Two replicas purging at
     * once each count only the rows their own delete removed.
     */
    public int purgeRouted(Instant routedBefore, int limit) {
        return database.inTransaction(connection -> {
            int deleted;
            // received_at first: the status index finds the candidates, finished_at (never before it) decides
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM guest_inbox WHERE conversation_id IN "
                    + "(SELECT conversation_id FROM guest_inbox WHERE status = ? AND received_at < ? AND finished_at < ? "
                    + "ORDER BY received_at LIMIT ?)")) {
                delete.setString(1, Status.ROUTED.name());
                delete.setObject(2, utc(routedBefore));
                delete.setObject(3, utc(routedBefore));
                delete.setInt(4, limit);
                deleted = delete.executeUpdate();
            }
            if (deleted > 0) {
                try (PreparedStatement count = connection.prepareStatement(
                        "UPDATE guest_inbox_purged SET routed = routed + ? WHERE id = 1")) {
                    count.setLong(1, deleted);
                    count.executeUpdate();
                }
            }
            return deleted;
        });
    }

    /** One caller's endings, waiting for their group commit. */
    private static final class Finishing {

        private final List<Ending> endings;
        /** Set by the committing thread before it lets the lock go. */
        private boolean done;
        private RuntimeException failure;

        Finishing(List<Ending> endings) {
            this.endings = endings;
        }
    }

    /**
     * How many conversations are in each state. The inbox keeps every conversation not purged, so this never
     * groups all its rows: the pending and dead-lettered ones are counted on the status index, all of them from the
     * table's row count, and the routed ones are the rest, plus those purged. One statement, so the counts are of one
     * moment.
     * H2 keeps the row count only while no other transaction has uncommitted changes to the table; while the flow
     * writes, it counts the rows (measured: 1–12 % of the product's CPU with stats asked five times a second
     * during a burst), so a stats call costs more with every conversation kept.
     */
    public Map<Status, Long> counts() {
        return database.inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT (SELECT COUNT(*) FROM guest_inbox), "
                    + "(SELECT COUNT(*) FROM guest_inbox WHERE status = ?), (SELECT COUNT(*) FROM guest_inbox WHERE status = ?), "
                    + "(SELECT routed FROM guest_inbox_purged WHERE id = 1)")) {
                select.setString(1, Status.PENDING.name());
                select.setString(2, Status.DEAD_LETTERED.name());
                try (ResultSet row = select.executeQuery()) {
                    row.next();
                    long pending = row.getLong(2);
                    long deadLettered = row.getLong(3);
                    Map<Status, Long> counts = new LinkedHashMap<>();
                    counts.put(Status.PENDING, pending);
                    counts.put(Status.ROUTED, row.getLong(1) - pending - deadLettered + row.getLong(4));
                    counts.put(Status.DEAD_LETTERED, deadLettered);
                    return counts;
                }
            }
        });
    }

    private static OffsetDateTime utc(Instant at) {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }

    private static String clip(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
