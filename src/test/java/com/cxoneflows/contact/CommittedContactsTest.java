package com.cxoneflows.contact;

import com.cxoneflows.store.CursorStore;
import com.cxoneflows.store.Database;
import com.cxoneflows.store.RejectedEventStore;
import com.cxoneflows.store.StoreSettings;
import com.cxoneflows.testing.OnBothStores;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Ticker;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** The committed contacts' read cache against a snapshot that replaces the table under it. */
class CommittedContactsTest extends OnBothStores {

    private static final String STREAM = "contact-state";
    private static final String FILTER = "path=/api/v2/realtime/contacts/stream;state=queued";

    private final ObjectMapper json = new ObjectMapper();

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void shouldNotKeepAContactATableLoadReadBeforeASnapshotReplacedIt(String vendor, Supplier<StoreSettings> store) throws Exception {
        try (Database database = Database.open(store.get())) {
            CursorStore cursors = new CursorStore(database, Clock.systemUTC());
            ContactLog log = new ContactLog(database, json);
            ContactTables tables = new ContactTables(database, log, cursors, new RejectedEventStore(database));
            ContactLogFold fold = new ContactLogFold(tables, log, new DefaultCamelContext().getExecutorServiceManager(),
                    Ticker.systemTicker(), 1_000);
            CountDownLatch loadRead = new CountDownLatch(1);
            CountDownLatch snapshotDone = new CountDownLatch(1);
            CommittedContacts committed = new CommittedContacts(tables, fold, 100, id -> {
                Optional<ContactRecord> row = tables.load(id);
                if (loadRead.getCount() > 0) {
                    // the first load has read the table: it lands in the cache only after the snapshot below
                    loadRead.countDown();
                    await(snapshotDone);
                }
                return row;
            });
            committed.replace(STREAM, FILTER, snapshot("queued", "0001"));

            CompletableFuture<Optional<ContactRecord>> readDuringSnapshot = CompletableFuture.supplyAsync(() -> committed.find("c-1"));
            await(loadRead);
            committed.replace(STREAM, FILTER, snapshot("ringing", "0002"));
            snapshotDone.countDown();
            // the read that overlapped the snapshot may answer either version
            assertThat(readDuringSnapshot.get(10, TimeUnit.SECONDS).orElseThrow().state()).isIn("queued", "ringing");

            // every read after it answers the snapshot's
            assertThat(committed.find("c-1").orElseThrow().state()).isEqualTo("ringing");
            assertThat(committed.find("c-1").orElseThrow().lastEventId()).isEqualTo("0002");
        }
    }

    private ContactSnapshot snapshot(String state, String lastEventId) throws Exception {
        return ContactSnapshot.read(json, "{\"lastEventId\":\"" + lastEventId + "\",\"contacts\":[{\"contact\":{\"id\":\"c-1\"},"
                + "\"state\":\"" + state + "\"}]}", FILTER);
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
