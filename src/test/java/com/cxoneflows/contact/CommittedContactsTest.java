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

/** The committed contacts' read cache against a table that changes under it: a snapshot, another replica writing it. */
class CommittedContactsTest extends OnBothStores {

    private static final String STREAM = "contact-state";
    private static final String FILTER = "path=/api/v2/realtime/contacts/stream;state=queued";

    private final ObjectMapper json = new ObjectMapper();

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void shouldNotKeepAContactATableLoadReadBeforeASnapshotReplacedIt(String vendor, Supplier<StoreSettings> store) throws Exception {
        try (Database database = Database.open(store.get())) {
            HeldLoad held = new HeldLoad(database);
            held.committed.replace(STREAM, FILTER, snapshot("queued", "0001"));

            CompletableFuture<Optional<ContactRecord>> readDuringSnapshot = held.firstRead("c-1");
            held.committed.replace(STREAM, FILTER, snapshot("ringing", "0002"));
            held.release();
            // the read that overlapped the snapshot may answer either version
            assertThat(readDuringSnapshot.get(10, TimeUnit.SECONDS).orElseThrow().state()).isIn("queued", "ringing");

            // every read after it answers the snapshot's
            assertThat(held.committed.find("c-1").orElseThrow().state()).isEqualTo("ringing");
            assertThat(held.committed.find("c-1").orElseThrow().lastEventId()).isEqualTo("0002");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void shouldNotKeepAContactATableLoadReadBeforeAnotherReplicaWroteTheTable(String vendor, Supplier<StoreSettings> store) throws Exception {
        try (Database database = Database.open(store.get())) {
            HeldLoad held = new HeldLoad(database);
            held.committed.replace(STREAM, FILTER, snapshot("queued", "0001"));

            CompletableFuture<Optional<ContactRecord>> readBeforeStandingBy = held.firstRead("c-1");
            held.committed.standBy();
            // another replica reads the stream meanwhile and writes the table
            held.tables.replace(STREAM, FILTER, snapshot("ringing", "0002"));
            held.committed.read();
            held.release();
            readBeforeStandingBy.get(10, TimeUnit.SECONDS);

            assertThat(held.committed.find("c-1").orElseThrow().state()).isEqualTo("ringing");
        }
    }

    /** Committed contacts whose first table load stops after it read the row, until released. */
    private final class HeldLoad {
        final ContactTables tables;
        final CommittedContacts committed;
        private final CountDownLatch loadRead = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        HeldLoad(Database database) {
            ContactLog log = new ContactLog(database, json);
            tables = new ContactTables(database, log, new CursorStore(database, Clock.systemUTC()), new RejectedEventStore(database));
            ContactLogFold fold = new ContactLogFold(tables, log, new DefaultCamelContext().getExecutorServiceManager(),
                    Ticker.systemTicker(), 1_000);
            committed = new CommittedContacts(tables, fold, 100, id -> {
                Optional<ContactRecord> row = tables.load(id);
                if (loadRead.getCount() > 0) {
                    loadRead.countDown();
                    await(released);
                }
                return row;
            });
        }

        /** Starts the read whose load is held, and returns once that load has read the table. */
        CompletableFuture<Optional<ContactRecord>> firstRead(String id) {
            CompletableFuture<Optional<ContactRecord>> read = CompletableFuture.supplyAsync(() -> committed.find(id));
            await(loadRead);
            return read;
        }

        /** Lets the held load land in the cache. */
        void release() {
            released.countDown();
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
