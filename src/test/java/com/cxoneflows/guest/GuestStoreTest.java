package com.cxoneflows.guest;

import com.cxoneflows.store.Database;
import com.cxoneflows.store.StoreSettings;
import com.cxoneflows.testing.OnBothStores;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.processor.aggregate.jdbc.JdbcAggregationRepository;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** The guest inbox and the CRM batch repository (BINARY VARYING on H2, BYTEA on PostgreSQL: migration V17) on both stores. */
class GuestStoreTest extends OnBothStores {

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void shouldKeepOneRowPerConversationUntilItIsFinished(String vendor, Supplier<StoreSettings> store) {
        try (Database database = Database.open(store.get())) {
            GuestInbox inbox = new GuestInbox(database);
            Instant earlier = Instant.parse("2026-11-22T10:00:00Z");
            GuestMessage first = new GuestMessage("conv-1", "fp-1", "billing", "Hi", earlier);
            assertThat(inbox.accept(List.of(first))).containsExactly(first);
            assertThat(inbox.accept(List.of(new GuestMessage("conv-1", "fp-1", "billing", "Hello?", earlier.plusSeconds(5))))).isEmpty();
            GuestMessage second = new GuestMessage("conv-2", "fp-2", "sales", "Hi", earlier.plusSeconds(10));
            assertThat(inbox.accept(List.of(second))).containsExactly(second);
            GuestMessage third = new GuestMessage("conv-3", "fp-3", "sales", "Hi", earlier.plusSeconds(3600));
            assertThat(inbox.accept(List.of(third))).containsExactly(third);

            assertThat(inbox.pendingBefore(earlier.plusSeconds(60)))
                    .containsExactly(new GuestMessage("conv-1", "fp-1", "billing", "Hi", earlier),
                            new GuestMessage("conv-2", "fp-2", "sales", "Hi", earlier.plusSeconds(10)));
            inbox.finish("conv-1", GuestInbox.Status.ROUTED, "task-1", earlier.plusSeconds(1));
            inbox.finish("conv-2", GuestInbox.Status.DEAD_LETTERED, null, earlier.plusSeconds(1));
            assertThat(inbox.counts()).containsEntry(GuestInbox.Status.ROUTED, 1L)
                    .containsEntry(GuestInbox.Status.DEAD_LETTERED, 1L).containsEntry(GuestInbox.Status.PENDING, 1L);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void shouldDeleteOnlyConversationsRoutedBeforeTheRetentionAndKeepCountingThem(String vendor, Supplier<StoreSettings> store) {
        try (Database database = Database.open(store.get())) {
            GuestInbox inbox = new GuestInbox(database);
            Instant at = Instant.parse("2026-11-22T10:00:00Z");
            inbox.accept(List.of(new GuestMessage("routed-early", "fp-1", "billing", "Hi", at),
                    new GuestMessage("routed-late", "fp-2", "billing", "Hi", at),
                    new GuestMessage("dead-lettered", "fp-3", "billing", "Hi", at),
                    new GuestMessage("pending", "fp-4", "billing", "Hi", at)));
            inbox.finish("routed-early", GuestInbox.Status.ROUTED, "task-1", at.plusSeconds(10));
            inbox.finish("routed-late", GuestInbox.Status.ROUTED, "task-2", at.plusSeconds(100));
            inbox.finish("dead-lettered", GuestInbox.Status.DEAD_LETTERED, null, at.plusSeconds(10));

            assertThat(inbox.purgeRouted(at.plusSeconds(50), 1000)).isEqualTo(1);

            assertThat(inbox.counts()).containsEntry(GuestInbox.Status.ROUTED, 2L)
                    .containsEntry(GuestInbox.Status.DEAD_LETTERED, 1L).containsEntry(GuestInbox.Status.PENDING, 1L);
            assertThat(messagesOf(database, "routed-early")).isNull();
            assertThat(messagesOf(database, "routed-late")).isEqualTo(1);
            // gone from the inbox, a conversation's next message routes it again
            GuestMessage again = new GuestMessage("routed-early", "fp-1", "billing", "Still there?", at.plusSeconds(60));
            assertThat(inbox.accept(List.of(again))).containsExactly(again);
            assertThat(inbox.purgeRouted(at.plusSeconds(50), 1000)).isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void shouldPurgeALargeInboxInBatchesOldestFirst(String vendor, Supplier<StoreSettings> store) {
        try (Database database = Database.open(store.get())) {
            GuestInbox inbox = new GuestInbox(database);
            Instant at = Instant.parse("2026-11-22T10:00:00Z");
            int conversations = 2 * InboxRetention.BATCH + 500;
            List<GuestMessage> messages = new ArrayList<>();
            List<GuestInbox.Ending> endings = new ArrayList<>();
            for (int i = 0; i < conversations; i++) {
                messages.add(new GuestMessage("conv-" + i, "fp-" + i, "sales", "Hi", at.plusMillis(i)));
                endings.add(new GuestInbox.Ending("conv-" + i, GuestInbox.Status.ROUTED, "task-" + i, at.plusSeconds(10)));
            }
            inbox.accept(messages);
            inbox.finish(endings);
            Clock weekLater = Clock.fixed(at.plus(Duration.ofDays(8)), ZoneOffset.UTC);

            assertThat(new InboxRetention(inbox, weekLater, Duration.ofDays(7)).purge()).isEqualTo(conversations);
            assertThat(inbox.counts()).containsEntry(GuestInbox.Status.ROUTED, (long) conversations)
                    .containsEntry(GuestInbox.Status.PENDING, 0L);
            assertThat(new InboxRetention(inbox, weekLater, Duration.ofDays(7)).purge()).isZero();
            assertThat(inbox.purgeRouted(at.plus(Duration.ofDays(1)), 10)).isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void shouldCommitTheMessagesReadTogetherInOneGo(String vendor, Supplier<StoreSettings> store) {
        try (Database database = Database.open(store.get())) {
            GuestInbox inbox = new GuestInbox(database);
            Instant at = Instant.parse("2026-11-22T10:00:00Z");
            GuestMessage known = new GuestMessage("conv-known", "fp-1", "billing", "Hi", at);
            assertThat(inbox.accept(List.of(known))).containsExactly(known);

            GuestMessage newA = new GuestMessage("conv-a", "fp-2", "sales", "First", at.plusSeconds(1));
            GuestMessage newB = new GuestMessage("conv-b", "fp-3", "billing", "Hello", at.plusSeconds(2));
            List<GuestMessage> firsts = inbox.accept(List.of(
                    newA,
                    new GuestMessage("conv-known", "fp-1", "billing", "Still there?", at.plusSeconds(2)),
                    newB,
                    new GuestMessage("conv-a", "fp-2", "sales", "Second", at.plusSeconds(3))));

            assertThat(firsts).containsExactly(newA, newB);
            assertThat(inbox.pendingBefore(at.plusSeconds(60))).containsExactly(known, newA, newB);
            assertThat(messagesOf(database, "conv-known")).isEqualTo(2);
            assertThat(messagesOf(database, "conv-a")).isEqualTo(2);
            assertThat(messagesOf(database, "conv-b")).isEqualTo(1);
            assertThat(inbox.accept(List.of())).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void shouldFinishEveryConversationThatRoutingThreadsEndAtOnce(String vendor, Supplier<StoreSettings> store) throws Exception {
        try (Database database = Database.open(store.get())) {
            GuestInbox inbox = new GuestInbox(database);
            Instant at = Instant.parse("2026-11-22T10:00:00Z");
            int threads = 8;
            int each = 25;
            List<GuestMessage> messages = new ArrayList<>();
            for (int i = 0; i < threads * each; i++) {
                messages.add(new GuestMessage("conv-" + i, "fp-" + i, "general-support", "Hi", at));
            }
            inbox.accept(messages);

            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> finishing = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int first = t * each;
                    finishing.add(pool.submit(() -> {
                        for (int i = first; i < first + each; i++) {
                            inbox.finish("conv-" + i, i % 5 == 0 ? GuestInbox.Status.DEAD_LETTERED : GuestInbox.Status.ROUTED,
                                    "task-" + i, at.plusSeconds(1));
                        }
                        return null;
                    }));
                }
                for (Future<?> done : finishing) {
                    done.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }

            assertThat(inbox.counts()).containsEntry(GuestInbox.Status.ROUTED, 160L)
                    .containsEntry(GuestInbox.Status.DEAD_LETTERED, 40L).containsEntry(GuestInbox.Status.PENDING, 0L);
        }
    }

    /** The conversation's message count, or null if the inbox has no row of it. */
    private static Integer messagesOf(Database database, String conversationId) {
        return database.inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT messages FROM guest_inbox WHERE conversation_id = ?")) {
                select.setString(1, conversationId);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? row.getInt(1) : null;
                }
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void shouldKeepAPendingCrmBatchInItsBody(String vendor, Supplier<StoreSettings> store) throws Exception {
        try (Database database = Database.open(store.get());
             DefaultCamelContext camel = new DefaultCamelContext()) {
            JdbcAggregationRepository repository = new JdbcAggregationRepository(
                    new DataSourceTransactionManager(database.dataSource()), "guest_crm_batch", database.dataSource());
            camel.start();
            repository.start();
            CrmBatchStrategy strategy = new CrmBatchStrategy(new ObjectMapper(), 5, 4);
            Exchange batch = null;
            for (String record : new String[] {"[{\"external_id\":\"conv-1\"}]", "[{\"external_id\":\"conv-2\"}]"}) {
                Exchange incoming = new DefaultExchange(camel);
                incoming.getIn().setHeader("Authorization", "Bearer must-not-be-kept");
                incoming.getIn().setBody(record);
                batch = strategy.aggregate(batch == null ? null : repository.get(camel, "crm"), incoming);
                batch.setProperty(Exchange.AGGREGATED_TIMEOUT, 30_000L);
                repository.add(camel, "crm", batch);
            }

            Exchange stored = repository.get(camel, "crm");
            assertThat(stored.getIn().getBody(String.class)).isEqualTo("[{\"external_id\":\"conv-1\"},{\"external_id\":\"conv-2\"}]");
            assertThat(stored.getIn().getHeaders()).doesNotContainKey("Authorization");
            assertThat(stored.getProperty(Exchange.AGGREGATED_TIMEOUT, Long.class)).isEqualTo(30_000L);
            assertThat(repository.getKeys()).containsExactly("crm");
            // kept in the row on both stores, not in H2's LOB storage
            assertThat(columnTypes(database, "exchange")).containsOnly(vendor.equals("h2") ? "BINARY VARYING" : "bytea");
        }
    }

    private static List<String> columnTypes(Database database, String column) {
        return database.inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT data_type FROM information_schema.columns "
                    + "WHERE LOWER(table_name) IN ('guest_crm_batch', 'guest_crm_batch_completed') AND LOWER(column_name) = ?")) {
                select.setString(1, column);
                List<String> types = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        types.add(rows.getString(1));
                    }
                }
                assertThat(types).hasSize(2);
                return types;
            }
        });
    }
}
