package com.cxoneflows.contact;

import com.cxoneflows.transition.TransitionMatrix;
import com.cxoneflows.store.CursorStore;
import com.cxoneflows.store.Database;
import com.cxoneflows.store.RejectedEvent;
import com.cxoneflows.store.RejectedEventStore;
import com.cxoneflows.store.StoreSettings;
import com.cxoneflows.stream.StreamRegistry;
import com.cxoneflows.testing.OnBothStores;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * The contact store with its contact log ({@code contact_change}) and the fold into the {@code contact} table, on
 * the embedded H2 store and on a real PostgreSQL server. Events go through the route's own chain:
 * {@link ContactEvents#parse} → {@link ContactTransitions#check} → {@link ContactStore#apply}.
 *
 * <p>A crash is simulated with a store that is never started: it has no committer, timer or fold thread, so what it
 * leaves in the database after {@code flush()} is exactly what a process killed right after that commit leaves (a
 * started store could fold on its own after a quiet second, and then the log would not be what the next start reads).
 * Its commit-every and commit-interval are so large that it never hands a group to the (absent) committer thread.
 */
class ContactStoreTest extends OnBothStores {

    private static final String STREAM = "contact-state";
    private static final String FILTER = "path=/api/v2/realtime/contacts/stream;state=abandoned,completed,connected,queued,ringing;queue_id=";
    private static final String TYPE = "contact.state.change";
    private static final TransitionMatrix MATRIX = TransitionMatrix.parse("cxone.contacts.transitions",
            "queued->ringing,abandoned; ringing->connected,abandoned,queued; connected->completed,queued,abandoned; completed->; abandoned->");
    private static final int NEVER_BY_COUNT = 1_000_000;

    private final ObjectMapper json = new ObjectMapper();

    // --- 1. durable through the real chain, read back from the log after a crash -----------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void shouldFindLoggedContactsAndTheCursorAfterACrashBeforeAnyFold(String vendor, Supplier<StoreSettings> store) throws Exception {
        try (Harness db = new Harness(store.get())) {
            assertThat(db.database.vendor()).isEqualTo(vendor);
            Flow crashed = db.crashing();
            assertThat(crashed.send(1, "{\"contact\":{\"id\":\"c-1\",\"skill\":\"sales\"},\"state\":\"queued\",\"timestamp\":\"2026-11-22T10:00:00Z\"}"))
                    .isEqualTo(ContactEvent.Verdict.APPLY);
            assertThat(crashed.send(2, "{\"contact\":{\"id\":\"c-2\",\"skill\":\"billing\"},\"state\":\"queued\",\"timestamp\":\"2026-11-22T10:00:01Z\"}"))
                    .isEqualTo(ContactEvent.Verdict.APPLY);
            assertThat(crashed.send(3, "{\"contact\":{\"id\":\"c-1\",\"agent_id\":\"a-7\"},\"state\":\"ringing\",\"previous_state\":\"queued\","
                    + "\"timestamp\":\"2026-11-22T10:00:02Z\"}")).isEqualTo(ContactEvent.Verdict.APPLY);
            // queued -> completed is not in the matrix: refused, recorded with the group
            assertThat(crashed.send(4, "{\"contact\":{\"id\":\"c-2\"},\"state\":\"completed\",\"previous_state\":\"queued\","
                    + "\"timestamp\":\"2026-11-22T10:00:03Z\"}")).isEqualTo(ContactEvent.Verdict.ILLEGAL);
            crashed.store.flush();

            // the crash: nothing was folded, the contacts are only in the log
            assertThat(db.rows("contact_change")).isPositive();
            assertThat(db.rows("contact")).isZero();

            Flow restarted = db.started(NEVER_BY_COUNT);
            ContactRecord c1 = restarted.store.find("c-1").orElseThrow();
            assertThat(c1.state()).isEqualTo("ringing");
            assertThat(c1.previousState()).isEqualTo("queued");
            assertThat(c1.lastEventId()).isEqualTo(id(3));
            assertThat(c1.updatedAt()).isEqualTo("2026-11-22T10:00:02Z");
            // the store keeps the event's text; the API answers it in the contract's form
            assertThat(new ContactApi(restarted.store, MATRIX, json).get("c-1")).containsEntry("updatedAt", "2026-11-22T10:00:02.000Z");
            assertThat(c1.filterKey()).isEqualTo(FILTER);
            assertThat(json.readTree(c1.contactJson())).isEqualTo(json.readTree("{\"id\":\"c-1\",\"skill\":\"sales\",\"agent_id\":\"a-7\"}"));
            ContactRecord c2 = restarted.store.find("c-2").orElseThrow();
            assertThat(c2.state()).isEqualTo("queued");
            assertThat(c2.lastEventId()).isEqualTo(id(2));
            assertThat(json.readTree(c2.contactJson())).isEqualTo(json.readTree("{\"id\":\"c-2\",\"skill\":\"billing\"}"));
            assertThat(restarted.store.find("c-3")).isEmpty();
            assertThat(restarted.store.count()).isEqualTo(2);
            assertThat(restarted.store.byState("ringing", 10)).containsExactly(c1);
            assertThat(restarted.store.byState(null, 10)).containsExactly(c1, c2);

            // the cursor moved past the refused event too, in the same transaction
            assertThat(db.cursors.load(STREAM, FILTER)).contains(id(4));
            assertThat(restarted.store.highWaterMark(STREAM, FILTER)).isEqualTo(id(4));
            assertThat(new RejectedEventStore(db.database).latest(ContactStore.FLOW, 10))
                    .extracting(RejectedEvent::eventId, RejectedEvent::subjectId, RejectedEvent::fromState, RejectedEvent::toState)
                    .containsExactly(tuple(id(4), "c-2", "queued", "completed"));

            // the stream goes on where it stopped: the next event of c-1 merges into the logged version
            assertThat(restarted.send(5, "{\"contact\":{\"id\":\"c-1\",\"wrapup\":{\"code\":\"sold\"}},\"state\":\"connected\","
                    + "\"previous_state\":\"ringing\",\"timestamp\":\"2026-11-22T10:00:05Z\"}")).isEqualTo(ContactEvent.Verdict.APPLY);
            restarted.store.flush();
            assertThat(json.readTree(restarted.store.find("c-1").orElseThrow().contactJson())).isEqualTo(
                    json.readTree("{\"id\":\"c-1\",\"skill\":\"sales\",\"agent_id\":\"a-7\",\"wrapup\":{\"code\":\"sold\"}}"));
            assertThat(db.cursors.load(STREAM, FILTER)).contains(id(5));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void shouldRefuseAnEventWithoutAnIdAndStillFold(String vendor, Supplier<StoreSettings> store) throws Exception {
        try (Harness db = new Harness(store.get())) {
            Flow flow = db.crashing();
            String data = "{\"contact\":{\"id\":\"c-9\"},\"state\":\"queued\",\"timestamp\":\"2026-11-22T10:00:00Z\"}";
            // after an empty "id:" line the SSE last event id is empty; before any id (no cursor, no snapshot) it is null
            for (String noId : new String[] {null, ""}) {
                ContactEvent refused = flow.store.apply(flow.transitions.check(flow.events.parse(data, noId, TYPE, STREAM, FILTER)));
                assertThat(refused.verdict()).isEqualTo(ContactEvent.Verdict.MALFORMED);
                assertThat(refused.reason()).isEqualTo("no event id");
            }
            assertThat(flow.send(1, data)).isEqualTo(ContactEvent.Verdict.APPLY);
            flow.store.flush();
            flow.store.fold();

            assertThat(db.rows("contact_change")).isZero();
            assertThat(db.rows("contact")).isEqualTo(1);
            assertThat(flow.store.find("c-9").orElseThrow().lastEventId()).isEqualTo(id(1));
            assertThat(flow.streams.stream(STREAM).snapshot().malformed()).isEqualTo(2);
            assertThat(new RejectedEventStore(db.database).latest(ContactStore.FLOW, 10))
                    .extracting(RejectedEvent::subjectId, RejectedEvent::reason)
                    .containsExactly(tuple(null, "no event id"), tuple(null, "no event id"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void shouldPageContactsInOneOrderWhateverTheDatabaseCollation(String vendor, Supplier<StoreSettings> store) throws Exception {
        try (Harness db = new Harness(store.get())) {
            if (vendor.equals("postgresql")) {
                // a collation that sorts letters before case and punctuation, as a server's en_US would
                String icu = db.database.inTransaction(connection -> {
                    try (Statement statement = connection.createStatement();
                         ResultSet rows = statement.executeQuery("SELECT collname FROM pg_collation WHERE collname = 'en-x-icu'")) {
                        return rows.next() ? rows.getString(1) : null;
                    }
                });
                assumeTrue(icu != null, "this PostgreSQL has no ICU collations");
                db.database.inTransaction(connection -> {
                    try (Statement statement = connection.createStatement()) {
                        return statement.executeUpdate("ALTER TABLE contact ALTER COLUMN id TYPE VARCHAR(200) COLLATE \"en-x-icu\"");
                    }
                });
            }
            Flow flow = db.crashing();
            String[] ids = {"c-a", "C-b", "c-B", "c_c", "c-1"};
            for (int i = 0; i < ids.length; i++) {
                flow.send(i + 1, queued(ids[i], "sales", i));
            }
            flow.store.flush();
            flow.store.fold();
            flow.send(ids.length + 1, queued("c-0", "sales", 9));
            flow.store.flush();

            List<String> all = flow.store.byState(null, 10).stream().map(ContactRecord::id).toList();
            assertThat(all).isSorted().hasSize(6);
            // a page is the head of the whole order, whether its contacts come from the table, the log or both
            for (int limit = 1; limit <= all.size(); limit++) {
                assertThat(flow.store.byState(null, limit)).extracting(ContactRecord::id).containsExactlyElementsOf(all.subList(0, limit));
            }
        }
    }

    // --- 2. the fold --------------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void shouldFoldTheLogIntoTheContactTableAndAnswerTheSame(String vendor, Supplier<StoreSettings> store) throws Exception {
        try (Harness db = new Harness(store.get())) {
            Flow flow = db.crashing();
            flow.send(1, queued("c-1", "sales", 0));
            flow.send(2, queued("c-2", "billing", 1));
            flow.send(3, queued("c-3", "sales", 2));
            flow.send(4, "{\"contact\":{\"id\":\"c-1\",\"agent_id\":\"a-7\"},\"state\":\"ringing\",\"previous_state\":\"queued\","
                    + "\"timestamp\":\"2026-11-22T10:00:04Z\"}");
            flow.store.flush();
            flow.send(5, "{\"contact\":{\"id\":\"c-3\"},\"state\":\"abandoned\",\"previous_state\":\"queued\",\"timestamp\":\"2026-11-22T10:00:05Z\"}");
            flow.store.flush();
            assertThat(db.rows("contact_change")).isEqualTo(2);
            assertThat(db.rows("contact")).isZero();
            Answers before = Answers.of(flow.store, "c-1", "c-2", "c-3");
            assertThat(before.all).extracting(ContactRecord::id).containsExactly("c-1", "c-2", "c-3");

            flow.store.fold();

            assertThat(db.rows("contact_change")).as("log rows the fold covered").isZero();
            assertThat(db.rows("contact")).isEqualTo(3);
            TableRow c1 = db.contactRow("c-1");
            assertThat(c1.state).isEqualTo("ringing");
            assertThat(c1.previousState).isEqualTo("queued");
            assertThat(c1.lastEventId).isEqualTo(id(4));
            assertThat(c1.filterKey).isEqualTo(FILTER);
            assertThat(json.readTree(c1.contactJson)).isEqualTo(json.readTree("{\"id\":\"c-1\",\"skill\":\"sales\",\"agent_id\":\"a-7\"}"));
            assertThat(db.contactRow("c-3").state).isEqualTo("abandoned");
            assertThat(db.contactRow("c-3").lastEventId).isEqualTo(id(5));
            assertThat(Answers.of(flow.store, "c-1", "c-2", "c-3")).isEqualTo(before);

            // a contact of the table changes again: logged first, then folded over its row (an update, not an insert)
            flow.send(6, "{\"contact\":{\"id\":\"c-1\",\"queue\":\"q-9\"},\"state\":\"connected\",\"previous_state\":\"ringing\","
                    + "\"timestamp\":\"2026-11-22T10:00:06Z\"}");
            flow.send(7, queued("c-4", "sales", 7));
            flow.store.flush();
            assertThat(db.rows("contact_change")).isEqualTo(1);
            assertThat(db.contactRow("c-1").state).as("not folded yet").isEqualTo("ringing");
            Answers logged = Answers.of(flow.store, "c-1", "c-2", "c-3", "c-4");
            assertThat(logged.found.get("c-1").state()).isEqualTo("connected");
            assertThat(logged.count).isEqualTo(4);

            flow.store.fold();

            assertThat(db.rows("contact_change")).isZero();
            assertThat(db.rows("contact")).isEqualTo(4);
            assertThat(db.contactRow("c-1").state).isEqualTo("connected");
            assertThat(db.contactRow("c-1").lastEventId).isEqualTo(id(6));
            assertThat(json.readTree(db.contactRow("c-1").contactJson))
                    .isEqualTo(json.readTree("{\"id\":\"c-1\",\"skill\":\"sales\",\"agent_id\":\"a-7\",\"queue\":\"q-9\"}"));
            assertThat(Answers.of(flow.store, "c-1", "c-2", "c-3", "c-4")).isEqualTo(logged);

            // and a store started on the folded table answers the same, from the table alone
            Flow restarted = db.started(NEVER_BY_COUNT);
            assertThat(Answers.of(restarted.store, "c-1", "c-2", "c-3", "c-4")).isEqualTo(logged);
            assertThat(db.cursors.load(STREAM, FILTER)).contains(id(7));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void shouldKeepEachContactsJsonWhateverItsCharactersThroughTheLogAndTheFold(String vendor, Supplier<StoreSettings> store) throws Exception {
        // a log row holds the contacts of a group side by side in UTF-8: characters of two, three and four bytes move
        // every contact after them in the row, and each contact's JSON is taken from its own bytes
        String c1 = "{\"id\":\"c-1\",\"name\":\"Zo\u00eb \u0141ukasz \u674e\",\"note\":\"caf\u00e9 \\\"quoted\\\"\"}";
        String c2 = "{\"id\":\"c-2\",\"name\":\"plain\"}";
        String c3 = "{\"id\":\"c-3\",\"name\":\"\ud83d\ude00\",\"attributes\":{\"priority\":2}}";
        try (Harness db = new Harness(store.get())) {
            Flow flow = db.crashing();
            flow.send(1, "{\"contact\":{\"id\":\"c-1\",\"name\":\"Zo\u00eb \u0141ukasz \u674e\"},\"state\":\"queued\","
                    + "\"timestamp\":\"2026-11-22T10:00:00Z\"}");
            flow.send(2, "{\"contact\":" + c2 + ",\"state\":\"queued\",\"timestamp\":\"2026-11-22T10:00:01Z\"}");
            flow.send(3, "{\"contact\":{\"id\":\"c-1\",\"note\":\"caf\u00e9 \\\"quoted\\\"\"},\"state\":\"ringing\","
                    + "\"previous_state\":\"queued\",\"timestamp\":\"2026-11-22T10:00:02Z\"}");
            flow.send(4, "{\"contact\":" + c3 + ",\"state\":\"queued\",\"timestamp\":\"2026-11-22T10:00:03Z\"}");
            // JSON may escape a lone surrogate, which UTF-8 cannot encode
            String c4 = "{\"id\":\"c-4\",\"name\":\"half \\ud83d pair\",\"note\":\"\\udc00\"}";
            flow.send(5, "{\"contact\":" + c4 + ",\"state\":\"queued\",\"timestamp\":\"2026-11-22T10:00:04Z\"}");
            flow.store.flush();
            Map<String, String> expected = Map.of("c-1", c1, "c-2", c2, "c-3", c3, "c-4", c4);
            assertContactsJson(flow.store, expected);

            Flow restarted = db.started(NEVER_BY_COUNT);
            assertContactsJson(restarted.store, expected);
            restarted.store.fold();
            assertThat(db.rows("contact")).isEqualTo(4);
            for (Map.Entry<String, String> contact : expected.entrySet()) {
                assertThat(json.readTree(db.contactRow(contact.getKey()).contactJson)).isEqualTo(json.readTree(contact.getValue()));
            }
        }
    }

    private void assertContactsJson(ContactStore store, Map<String, String> expected) throws Exception {
        for (Map.Entry<String, String> contact : expected.entrySet()) {
            assertThat(json.readTree(store.find(contact.getKey()).orElseThrow().contactJson()))
                    .as(contact.getKey()).isEqualTo(json.readTree(contact.getValue()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void shouldFoldOnItsOwnOnceFoldEveryContactsWereLogged(String vendor, Supplier<StoreSettings> store) throws Exception {
        try (Harness db = new Harness(store.get())) {
            Flow flow = db.started(3);
            for (int n = 1; n <= 5; n++) {
                flow.send(n, queued("c-" + n, "sales", n));
            }
            flow.store.flush();
            Answers logged = Answers.of(flow.store, "c-1", "c-2", "c-3", "c-4", "c-5");
            assertThat(logged.count).isEqualTo(5);

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(db.rows("contact_change")).isZero();
                assertThat(db.rows("contact")).isEqualTo(5);
            });
            assertThat(Answers.of(flow.store, "c-1", "c-2", "c-3", "c-4", "c-5")).isEqualTo(logged);
            assertThat(db.contactRow("c-5").lastEventId).isEqualTo(id(5));
        }
    }

    /**
     * The stream gives again events it already gave (the simulator's duplicates fault right after a connect): one it
     * already took is a duplicate whatever it holds, so a malformed or illegal one is not refused and recorded twice.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void shouldCountAMalformedOrIllegalEventTheStreamGivesAgainAsADuplicate(String vendor, Supplier<StoreSettings> store) throws Exception {
        try (Harness db = new Harness(store.get())) {
            Flow flow = db.crashing();
            String illegal = "{\"contact\":{\"id\":\"c-1\"},\"state\":\"completed\",\"previous_state\":\"queued\","
                    + "\"timestamp\":\"2026-11-22T10:00:01Z\"}";
            assertThat(flow.send(1, "not json")).isEqualTo(ContactEvent.Verdict.MALFORMED);
            assertThat(flow.send(2, illegal)).isEqualTo(ContactEvent.Verdict.ILLEGAL);
            assertThat(flow.send(1, "not json")).isEqualTo(ContactEvent.Verdict.DUPLICATE);
            assertThat(flow.send(2, illegal)).isEqualTo(ContactEvent.Verdict.DUPLICATE);
            flow.store.flush();
            assertThat(db.streamDuplicates(flow)).isEqualTo(2);
            assertThat(db.rows("rejected_event")).isEqualTo(2);
        }
    }

    // --- 3. a replay of the last group after a restart changes nothing -----------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void shouldJudgeAReplayOfTheLastGroupDuplicateAfterARestart(String vendor, Supplier<StoreSettings> store) throws Exception {
        try (Harness db = new Harness(store.get())) {
            List<String> group = List.of(
                    queued("c-1", "sales", 0),
                    queued("c-2", "billing", 1),
                    "{\"contact\":{\"id\":\"c-1\",\"agent_id\":\"a-7\"},\"state\":\"ringing\",\"previous_state\":\"queued\",\"timestamp\":\"2026-11-22T10:00:02Z\"}",
                    "{\"contact\":{\"id\":\"c-1\",\"agent_id\":\"a-8\"},\"state\":\"connected\",\"previous_state\":\"ringing\",\"timestamp\":\"2026-11-22T10:00:03Z\"}");
            Flow crashed = db.crashing();
            for (int n = 0; n < group.size(); n++) {
                assertThat(crashed.send(n + 1, group.get(n))).isEqualTo(ContactEvent.Verdict.APPLY);
            }
            crashed.store.flush();
            long lastLogRow = db.lastLogRow();
            assertThat(lastLogRow).isPositive();

            // after the crash: the contacts come from the log, the replayed group is judged duplicate
            Flow afterCrash = db.started(NEVER_BY_COUNT);
            Answers stored = Answers.of(afterCrash.store, "c-1", "c-2");
            assertThat(stored.found.get("c-1").state()).isEqualTo("connected");
            for (int n = 0; n < group.size(); n++) {
                assertThat(afterCrash.send(n + 1, group.get(n))).as("replayed event %d", n + 1).isEqualTo(ContactEvent.Verdict.DUPLICATE);
            }
            afterCrash.store.flush();
            assertThat(Answers.of(afterCrash.store, "c-1", "c-2")).isEqualTo(stored);
            // (the started store may fold the log on its own once the stream is quiet, so: no row after the crashed store's)
            assertThat(db.lastLogRow()).as("a duplicate logs nothing").isLessThanOrEqualTo(lastLogRow);
            assertThat(db.cursors.load(STREAM, FILTER)).contains(id(4));
            assertThat(db.streamDuplicates(afterCrash)).isEqualTo(group.size());

            // after a clean stop (which folds): the contacts come from the table, and the replay is a duplicate again
            db.stop(afterCrash);
            assertThat(db.rows("contact_change")).isZero();
            TableRow c1Row = db.contactRow("c-1");
            Flow afterStop = db.started(NEVER_BY_COUNT);
            for (int n = 0; n < group.size(); n++) {
                assertThat(afterStop.send(n + 1, group.get(n))).as("replayed event %d", n + 1).isEqualTo(ContactEvent.Verdict.DUPLICATE);
            }
            afterStop.store.flush();
            assertThat(Answers.of(afterStop.store, "c-1", "c-2")).isEqualTo(stored);
            assertThat(db.rows("contact_change")).isZero();
            assertThat(db.contactRow("c-1")).isEqualTo(c1Row);
            assertThat(db.cursors.load(STREAM, FILTER)).contains(id(4));
        }
    }

    // --- 4. many contacts: several log rows a group -------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void shouldKeepManyContactsAcrossARestartAndAFold(String vendor, Supplier<StoreSettings> store) throws Exception {
        int contacts = 2_500;
        int ringing = 700;
        assertThat(contacts).isGreaterThan(2 * ContactLog.CONTACTS_PER_ROW);
        try (Harness db = new Harness(store.get())) {
            Flow crashed = db.crashing();
            int event = 0;
            for (int n = 0; n < contacts; n++) {
                assertThat(crashed.send(++event, queued(contactId(n), n % 2 == 0 ? "sales" : "billing", n % 60)))
                        .isEqualTo(ContactEvent.Verdict.APPLY);
            }
            crashed.store.flush();
            long firstGroupRows = db.rows("contact_change");
            assertThat(firstGroupRows).isEqualTo(3);
            // a second group changes some contacts again: their latest version is in a later row
            for (int n = 0; n < ringing; n++) {
                assertThat(crashed.send(++event, "{\"contact\":{\"id\":\"" + contactId(n) + "\",\"agent_id\":\"a-" + n + "\"},"
                        + "\"state\":\"ringing\",\"previous_state\":\"queued\",\"timestamp\":\"2026-11-22T11:00:00Z\"}"))
                        .isEqualTo(ContactEvent.Verdict.APPLY);
            }
            crashed.store.flush();
            assertThat(db.rows("contact_change")).isEqualTo(firstGroupRows + 1);
            String lastEvent = id(event);

            Flow restarted = db.started(NEVER_BY_COUNT);
            checkMany(restarted.store, contacts, ringing);
            assertThat(db.cursors.load(STREAM, FILTER)).contains(lastEvent);
            List<ContactRecord> before = restarted.store.byState(null, 10_000);

            db.stop(restarted);   // folds
            assertThat(db.rows("contact_change")).isZero();
            assertThat(db.rows("contact")).isEqualTo(contacts);
            assertThat(db.rowsWhere("contact", "state = 'ringing'")).isEqualTo(ringing);

            Flow again = db.started(NEVER_BY_COUNT);
            checkMany(again.store, contacts, ringing);
            assertThat(again.store.byState(null, 10_000)).isEqualTo(before);
            assertThat(db.cursors.load(STREAM, FILTER)).contains(lastEvent);
        }
    }

    private void checkMany(ContactStore store, int contacts, int ringing) throws Exception {
        assertThat(store.count()).isEqualTo(contacts);
        assertThat(store.byState("queued", 10_000)).hasSize(contacts - ringing);
        List<ContactRecord> ringingContacts = store.byState("ringing", 10_000);
        assertThat(ringingContacts).hasSize(ringing);
        assertThat(ringingContacts).extracting(ContactRecord::id).isSorted();
        assertThat(store.byState(null, 10)).extracting(ContactRecord::id)
                .containsExactly(contactId(0), contactId(1), contactId(2), contactId(3), contactId(4), contactId(5),
                        contactId(6), contactId(7), contactId(8), contactId(9));
        ContactRecord first = store.find(contactId(0)).orElseThrow();
        assertThat(first.state()).isEqualTo("ringing");
        assertThat(json.readTree(first.contactJson())).isEqualTo(json.readTree("{\"id\":\"" + contactId(0) + "\",\"skill\":\"sales\",\"agent_id\":\"a-0\"}"));
        ContactRecord last = store.find(contactId(contacts - 1)).orElseThrow();
        assertThat(last.state()).isEqualTo("queued");
        assertThat(last.lastEventId()).isEqualTo(id(contacts));
    }

    // --- 5. a snapshot replaces logged, unfolded contacts ----------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void shouldReplaceLoggedUnfoldedContactsWithASnapshot(String vendor, Supplier<StoreSettings> store) throws Exception {
        try (Harness db = new Harness(store.get())) {
            Flow flow = db.crashing();
            flow.send(1, queued("c-1", "sales", 0));
            flow.send(2, queued("c-2", "billing", 1));
            flow.send(3, queued("c-3", "sales", 2));
            flow.store.flush();
            flow.store.fold();          // c-1..c-3 in the table
            flow.send(4, "{\"contact\":{\"id\":\"c-2\",\"agent_id\":\"a-7\"},\"state\":\"ringing\",\"previous_state\":\"queued\",\"timestamp\":\"2026-11-22T10:00:04Z\"}");
            flow.send(5, queued("c-5", "sales", 5));
            flow.store.flush();         // c-2 and c-5 only logged
            assertThat(db.rows("contact_change")).isEqualTo(1);
            assertThat(flow.store.count()).isEqualTo(4);

            String snapshot = "{\"lastEventId\":\"" + id(40) + "\",\"contacts\":["
                    + "{\"contact\":{\"id\":\"c-2\",\"skill\":\"billing\",\"agent_id\":\"a-9\"},\"state\":\"connected\",\"previous_state\":\"ringing\","
                    + "\"timestamp\":\"2026-11-22T10:05:00Z\",\"lastEventId\":\"" + id(38) + "\"},"
                    + "{\"contact\":{\"id\":\"c-9\",\"skill\":\"sales\"},\"state\":\"queued\",\"lastEventId\":\"" + id(39) + "\",\"queue\":\"q-1\"}]}";
            flow.store.replaceWithSnapshot(snapshot, STREAM, FILTER);

            checkSnapshot(db, flow.store);
            assertThat(flow.store.highWaterMark(STREAM, FILTER)).isEqualTo(id(40));
            assertThat(db.rows("contact_change")).isZero();

            // the stream resumes after the snapshot: an event at or below its lastEventId is a duplicate
            assertThat(flow.send(39, "{\"contact\":{\"id\":\"c-9\"},\"state\":\"ringing\",\"previous_state\":\"queued\"}"))
                    .isEqualTo(ContactEvent.Verdict.DUPLICATE);
            flow.store.flush();
            checkSnapshot(db, flow.store);

            // and a restarted store sees the snapshot too
            Flow restarted = db.started(NEVER_BY_COUNT);
            checkSnapshot(db, restarted.store);
            assertThat(restarted.send(41, "{\"contact\":{\"id\":\"c-9\",\"agent_id\":\"a-1\"},\"state\":\"ringing\",\"previous_state\":\"queued\","
                    + "\"timestamp\":\"2026-11-22T10:06:00Z\"}")).isEqualTo(ContactEvent.Verdict.APPLY);
            restarted.store.flush();
            assertThat(json.readTree(restarted.store.find("c-9").orElseThrow().contactJson()))
                    .isEqualTo(json.readTree("{\"id\":\"c-9\",\"skill\":\"sales\",\"queue\":\"q-1\",\"agent_id\":\"a-1\"}"));
            assertThat(db.cursors.load(STREAM, FILTER)).contains(id(41));
        }
    }

    private void checkSnapshot(Harness db, ContactStore store) throws Exception {
        assertThat(store.byState(null, 100)).extracting(ContactRecord::id).containsExactly("c-2", "c-9");
        assertThat(store.count()).isEqualTo(2);
        assertThat(store.find("c-1")).isEmpty();
        assertThat(store.find("c-3")).isEmpty();
        assertThat(store.find("c-5")).isEmpty();
        ContactRecord c2 = store.find("c-2").orElseThrow();
        assertThat(c2.state()).isEqualTo("connected");
        assertThat(c2.previousState()).isEqualTo("ringing");
        assertThat(c2.lastEventId()).isEqualTo(id(38));
        assertThat(c2.updatedAt()).isEqualTo("2026-11-22T10:05:00Z");
        assertThat(json.readTree(c2.contactJson())).isEqualTo(json.readTree("{\"id\":\"c-2\",\"skill\":\"billing\",\"agent_id\":\"a-9\"}"));
        ContactRecord c9 = store.find("c-9").orElseThrow();
        assertThat(c9.state()).isEqualTo("queued");
        assertThat(c9.lastEventId()).isEqualTo(id(39));
        assertThat(json.readTree(c9.contactJson())).isEqualTo(json.readTree("{\"id\":\"c-9\",\"skill\":\"sales\",\"queue\":\"q-1\"}"));
        assertThat(db.rows("contact")).isEqualTo(2);
        assertThat(db.cursors.load(STREAM, FILTER)).contains(id(40));
    }

    // --- 6. two replicas on one store: the standby answers from the table, and reloads when it reads -----------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void shouldReloadWhatTheOtherReplicaWroteWhenItReadsAgain(String vendor, Supplier<StoreSettings> store) throws Exception {
        try (Harness db = new Harness(store.get())) {
            Flow first = db.standby();
            db.read(first);
            assertThat(first.send(1, queued("c-1", "sales", 0))).isEqualTo(ContactEvent.Verdict.APPLY);
            db.stop(first);

            // the other replica takes over; what it only logged is not in the table the standby answers from
            Flow second = db.standby();
            db.read(second);
            assertThat(second.send(2, "{\"contact\":{\"id\":\"c-1\",\"agent_id\":\"a-7\"},\"state\":\"ringing\","
                    + "\"previous_state\":\"queued\",\"timestamp\":\"2026-11-22T10:00:02Z\"}")).isEqualTo(ContactEvent.Verdict.APPLY);
            assertThat(second.send(3, queued("c-2", "billing", 3))).isEqualTo(ContactEvent.Verdict.APPLY);
            second.store.flush();
            second.store.fold();
            assertThat(first.store.find("c-1")).map(ContactRecord::state).contains("ringing");
            assertThat(first.store.find("c-2")).isPresent();
            assertThat(first.store.count()).isEqualTo(2);
            assertThat(first.store.byState("queued", 10)).extracting(ContactRecord::id).containsExactly("c-2");

            // the second replica hands over (its route stops); the first reads again and reloads what the second wrote
            // (a replica killed with a group logged is ContactStateCrashIT's and ClusterFailoverIT's: here its fold
            // thread would go on)
            assertThat(second.send(4, queued("c-3", "sales", 4))).isEqualTo(ContactEvent.Verdict.APPLY);
            db.stop(second);
            db.read(first);
            assertThat(first.store.find("c-3")).isPresent();
            assertThat(first.send(4, queued("c-3", "sales", 4))).as("the replay of the other replica's last event").isEqualTo(ContactEvent.Verdict.DUPLICATE);
            assertThat(first.send(5, "{\"contact\":{\"id\":\"c-2\"},\"state\":\"abandoned\",\"previous_state\":\"queued\","
                    + "\"timestamp\":\"2026-11-22T10:00:05Z\"}")).isEqualTo(ContactEvent.Verdict.APPLY);
            assertThat(first.send(6, queued("c-4", "sales", 6))).isEqualTo(ContactEvent.Verdict.APPLY);
            db.stop(first);

            assertThat(db.rows("contact_change")).isZero();
            assertThat(db.contactRow("c-1").state()).isEqualTo("ringing");
            assertThat(db.contactRow("c-2").state()).isEqualTo("abandoned");
            assertThat(db.contactRow("c-3").state()).isEqualTo("queued");
            assertThat(db.contactRow("c-4").state()).isEqualTo("queued");
            assertThat(db.cursors.load(STREAM, FILTER)).contains(id(6));
        }
    }

    // --- helpers ----------------------------------------------------------------------------------------------------

    private static String id(int n) {
        return String.format("%015d", n);
    }

    private static String contactId(int n) {
        return String.format("c-%05d", n);
    }

    private static String queued(String contact, String skill, int second) {
        return String.format("{\"contact\":{\"id\":\"%s\",\"skill\":\"%s\"},\"state\":\"queued\",\"timestamp\":\"2026-11-22T10:%02d:%02dZ\"}",
                contact, skill, second / 60, second % 60);
    }

    /** What the store answers: each contact found, every contact, each state's contacts, the count. */
    private record Answers(Map<String, ContactRecord> found, List<ContactRecord> all, Map<String, List<ContactRecord>> byState, long count) {

        static Answers of(ContactStore store, String... ids) {
            Map<String, ContactRecord> found = new LinkedHashMap<>();
            for (String id : ids) {
                Optional<ContactRecord> record = store.find(id);
                found.put(id, record.orElse(null));
            }
            Map<String, List<ContactRecord>> byState = new LinkedHashMap<>();
            for (String state : MATRIX.states()) {
                byState.put(state, store.byState(state, 100));
            }
            // a limit below the count: the page must be the same whether it comes from the log, the table or both
            byState.put("first two", store.byState(null, 2));
            return new Answers(found, store.byState(null, 100), byState, store.count());
        }
    }

    /** One contact store with the route's parse and check steps in front of it. */
    private final class Flow {
        final ContactStore store;
        final StreamRegistry streams;
        final ContactEvents events = new ContactEvents(json);
        final ContactTransitions transitions;

        Flow(ContactStore store, StreamRegistry streams) {
            this.store = store;
            this.streams = streams;
            this.transitions = new ContactTransitions(MATRIX, store);
        }

        /** One event through parse, check and apply, as the route does it; returns the verdict. */
        ContactEvent.Verdict send(int eventId, String data) {
            return store.apply(transitions.check(events.parse(data, id(eventId), TYPE, STREAM, FILTER))).verdict();
        }
    }

    private record TableRow(String filterKey, String state, String previousState, String lastEventId, String updatedAt, String contactJson) {
    }

    /** A database with its cursors, and the stores opened on it: started ones are stopped before it closes. */
    private final class Harness implements AutoCloseable {
        final Database database;
        final CursorStore cursors;
        /** Its executor service manager gives the started stores their threads. */
        private final CamelContext camel = new DefaultCamelContext();
        private final List<ContactStore> started = new ArrayList<>();

        Harness(StoreSettings settings) {
            database = Database.open(settings);
            cursors = new CursorStore(database, Clock.systemUTC());
        }

        /** A store whose threads are never started (see the class comment): it stands for a process that crashes. */
        Flow crashing() {
            return flow(NEVER_BY_COUNT, Integer.MAX_VALUE, Duration.ofHours(1));
        }

        /** A store started as the product starts it (commit-interval 100 ms), which reads the log back first. */
        Flow started(int foldEvery) {
            Flow flow = flow(foldEvery, 5_000, Duration.ofMillis(100));
            flow.store.startCommitTimer();
            started.add(flow.store);
            return flow;
        }

        /** A store as the product makes it: it answers from the tables until {@link #read} makes it the reader. */
        Flow standby() {
            Flow flow = flow(NEVER_BY_COUNT, 5_000, Duration.ofMillis(100));
            flow.store.standBy();
            return flow;
        }

        /** The store's route starts: it becomes the reader. */
        void read(Flow flow) {
            flow.store.startCommitTimer();
            started.add(flow.store);
        }

        private Flow flow(int foldEvery, int commitEvery, Duration commitInterval) {
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            StreamRegistry streams = new StreamRegistry(meters);
            return new Flow(new ContactStore(database, cursors, new RejectedEventStore(database), streams, json, Clock.systemUTC(),
                    Ticker.systemTicker(), camel.getExecutorServiceManager(), meters, commitEvery, commitInterval, 100_000, foldEvery),
                    streams);
        }

        /** A clean shutdown: commits what is open and folds. */
        void stop(Flow flow) {
            started.remove(flow.store);
            flow.store.stopCommitTimer();
        }

        long streamDuplicates(Flow flow) {
            return flow.streams.stream(STREAM).snapshot().duplicates();
        }

        /** The highest sequence number in the contact log, 0 when it is empty. */
        long lastLogRow() {
            return database.inTransaction(connection -> {
                try (Statement statement = connection.createStatement();
                     ResultSet rows = statement.executeQuery("SELECT COALESCE(MAX(seq), 0) FROM contact_change")) {
                    rows.next();
                    return rows.getLong(1);
                }
            });
        }

        long rows(String table) {
            return rowsWhere(table, "1 = 1");
        }

        long rowsWhere(String table, String condition) {
            return database.inTransaction(connection -> {
                try (Statement statement = connection.createStatement();
                     ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + table + " WHERE " + condition)) {
                    rows.next();
                    return rows.getLong(1);
                }
            });
        }

        TableRow contactRow(String id) {
            return database.inTransaction(connection -> row(connection, id));
        }

        private TableRow row(Connection connection, String id) throws SQLException {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT filter_key, state, previous_state, last_event_id, updated_at, contact_json FROM contact WHERE id = ?")) {
                select.setString(1, id);
                try (ResultSet row = select.executeQuery()) {
                    assertThat(row.next()).as("row of %s in the contact table", id).isTrue();
                    return new TableRow(row.getString(1), row.getString(2), row.getString(3), row.getString(4), row.getString(5),
                            row.getString(6));
                }
            }
        }

        @Override
        public void close() {
            try {
                for (int i = started.size() - 1; i >= 0; i--) {
                    started.get(i).stopCommitTimer();
                }
            } finally {
                camel.shutdown();
                database.close();
            }
        }
    }
}
