package com.cxoneflows.store;

import com.cxoneflows.deadletter.DeadLetter;
import com.cxoneflows.deadletter.DeadLetterStore;
import com.cxoneflows.testing.OnBothStores;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The same migrations and queries on the embedded H2 store and on a real PostgreSQL server. */
class StoreTest extends OnBothStores {

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void shouldMigrateOnceWhenOpenedTwice(String vendor, java.util.function.Supplier<StoreSettings> store) throws Exception {
        StoreSettings settings = store.get();
        try (Database first = Database.open(settings)) {
            assertThat(first.vendor()).isEqualTo(vendor);
        }
        try (Database again = Database.open(settings);
             Connection connection = again.dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT COUNT(*) FROM \"flyway_schema_history\" WHERE \"script\" = 'V1__cursors_and_dead_letters.sql'")) {
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void shouldKeepCursorsApartWhenFiltersDiffer(String vendor, java.util.function.Supplier<StoreSettings> store) {
        try (Database database = Database.open(store.get())) {
            CursorStore cursors = new CursorStore(database, Clock.systemUTC());
            assertThat(cursors.load("contact-state", "state=queued")).isEmpty();

            cursors.save("contact-state", "state=queued", "000000000000042");
            cursors.save("contact-state", "state=ringing", "000000000000007");
            cursors.save("contact-state", "state=queued", "000000000000043");

            assertThat(cursors.load("contact-state", "state=queued")).contains("000000000000043");
            assertThat(cursors.load("contact-state", "state=ringing")).contains("000000000000007");
            assertThat(cursors.load("adherence", "state=queued")).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void shouldRollBackCursorWhenTransactionFails(String vendor, java.util.function.Supplier<StoreSettings> store) {
        try (Database database = Database.open(store.get())) {
            CursorStore cursors = new CursorStore(database, Clock.systemUTC());
            cursors.save("contact-state", "all", "1");

            assertThatThrownBy(() -> database.inTransaction(connection -> {
                cursors.save(connection, "contact-state", "all", "2");
                throw new IllegalStateException("the effect failed");
            })).isInstanceOf(IllegalStateException.class);

            assertThat(cursors.load("contact-state", "all")).contains("1");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void shouldStoreListCountUpdateAndDeleteDeadLetters(String vendor, java.util.function.Supplier<StoreSettings> store) {
        try (Database database = Database.open(store.get())) {
            DeadLetterStore letters = new DeadLetterStore(database);
            Instant first = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            long a = letters.add(letter("guest-routing", 400, first));
            long b = letters.add(letter("guest-routing", null, first));
            long c = letters.add(letter("agent-monitor", 503, first));

            assertThat(letters.count()).isEqualTo(3);
            assertThat(letters.countByFlow()).containsExactly(Map.entry("agent-monitor", 1L), Map.entry("guest-routing", 2L));
            assertThat(letters.list("guest-routing", 10)).extracting(DeadLetter::id).containsExactly(a, b);
            assertThat(letters.list(null, 2)).extracting(DeadLetter::id).containsExactly(a, b);

            DeadLetter stored = letters.find(a).orElseThrow();
            assertThat(stored.httpStatus()).isEqualTo(400);
            assertThat(stored.firstFailureAt()).isEqualTo(first);
            assertThat(stored.headers()).containsEntry("conversationId", "conv-1");
            assertThat(stored.body()).isEqualTo("{\"text\":\"héllo\"}");
            assertThat(letters.find(b).orElseThrow().httpStatus()).isNull();

            Instant later = first.plusSeconds(60);
            assertThat(letters.recordFailure(c, "HTTP 500 from x", "E", "boom", 500, 3, later)).isTrue();
            DeadLetter updated = letters.find(c).orElseThrow();
            assertThat(updated.attempts()).isEqualTo(5);
            assertThat(updated.lastFailureAt()).isEqualTo(later);
            assertThat(updated.firstFailureAt()).isEqualTo(first);
            assertThat(updated.httpStatus()).isEqualTo(500);

            assertThat(letters.delete(a)).isTrue();
            assertThat(letters.delete(a)).isFalse();
            assertThat(letters.find(a)).isEmpty();
            assertThat(letters.recordFailure(a, "gone", null, null, null, 1, later)).isFalse();
        }
    }

    private static DeadLetter letter(String flow, Integer status, Instant at) {
        return new DeadLetter(0, flow, "direct://route-conversation", "HTTP " + status, "org.example.Failure", "failed",
                status, 2, at, at, Map.of("conversationId", "conv-1"), "{\"text\":\"héllo\"}");
    }
}
