package com.cxoneflows.adherence;

import com.cxoneflows.store.CursorStore;
import com.cxoneflows.store.CommitSchedule;
import com.cxoneflows.store.Database;
import com.cxoneflows.store.RejectedEventStore;
import com.cxoneflows.store.StoreSettings;
import com.cxoneflows.stream.StreamRegistry;
import com.cxoneflows.testing.OnBothStores;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The adherence store on H2 and PostgreSQL: agents and sequenceId committed together and read back by the next
 * start, which then resumes without a baseline; the sequence discipline; a baseline replacing every agent and the
 * cursors of other agent filters; out-of-adherence time from the events' timestamps.
 */
class AdherenceStoreTest extends OnBothStores {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static DefaultCamelContext camel;

    @BeforeAll
    static void startCamel() {
        camel = new DefaultCamelContext();
        camel.start();
    }

    @AfterAll
    static void stopCamel() {
        camel.stop();
    }

    private static AdherenceStore store(Database database, List<String> followed) {
        AdherenceTable table = new AdherenceTable(database, new CursorStore(database, CLOCK), new RejectedEventStore(database),
                AdherenceStore.FLOW, AdherenceConfiguration.filterKey(followed));
        // commits only when told (or at stop): what a crash would lose is what was not committed
        CommitSchedule schedule = new CommitSchedule(1000, Duration.ofHours(1), "every", "interval", System::nanoTime);
        AdherenceStore store = new AdherenceStore(table, Set.copyOf(followed), new StreamRegistry(new SimpleMeterRegistry())
                .stream(AdherenceStore.FLOW), new SimpleMeterRegistry(), schedule, camel.getExecutorServiceManager(), JSON, CLOCK);
        store.start();
        return store;
    }

    private static AdherenceEvent event(AdherenceStore store, long sequenceId, String agentId, String actual, boolean in,
                                        String timestamp) throws Exception {
        String frame = JSON.writeValueAsString(java.util.Map.of("type", "adherence", "sequenceId", sequenceId,
                "payload", java.util.Map.of("agentId", agentId, "scheduledState", "available", "actualState", actual,
                        "inAdherence", in, "timestamp", timestamp)));
        AdherenceEvent judged = store.check(new AdherenceEvents(JSON).parse(frame));
        return judged.verdict() == AdherenceEvent.Verdict.GAP ? judged : store.apply(judged);
    }

    private static String baseline(long sequenceId, String... rows) {
        StringBuilder agents = new StringBuilder();
        for (String row : rows) {
            String[] parts = row.split(":");
            agents.append(agents.isEmpty() ? "" : ",").append("{\"agentId\":\"").append(parts[0])
                    .append("\",\"scheduledState\":\"available\",\"actualState\":\"").append(parts[1])
                    .append("\",\"inAdherence\":").append(parts[2]).append('}');
        }
        return "{\"sequenceId\":" + sequenceId + ",\"agents\":[" + agents + "]}";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void shouldResumeFromTheCommittedSequenceIdWhenStartedAgain(String vendor, Supplier<StoreSettings> settings) throws Exception {
        StoreSettings where = settings.get();
        try (Database database = Database.open(where)) {
            AdherenceStore store = store(database, List.of());
            assertThat(store.needsBaseline()).isTrue();
            store.applyBaseline(baseline(100, "a:available:true", "b:lunch:false"));
            assertThat(event(store, 101, "a", "offline", false, "2026-11-22T09:00:00Z").verdict()).isEqualTo(AdherenceEvent.Verdict.APPLY);
            event(store, 102, "b", "available", true, "2026-11-22T09:01:00Z");
            event(store, 103, "a", "lunch", false, "2026-11-22T09:02:00Z");
            assertThat(event(store, 102, "b", "lunch", false, "2026-11-22T09:03:00Z").verdict())
                    .isEqualTo(AdherenceEvent.Verdict.DUPLICATE);
            assertThat(event(store, 105, "b", "lunch", false, "2026-11-22T09:04:00Z").verdict()).isEqualTo(AdherenceEvent.Verdict.GAP);
            store.commit();
            event(store, 104, "b", "break", false, "2026-11-22T09:05:00Z");
            // 104 is never committed: a crash before the commit, and the server replays it after 103
            AdherenceStore.Snapshot beforeCrash = store.snapshot(agent -> true);

            AdherenceStore again = store(database, List.of());
            assertThat(again.needsBaseline()).isFalse();
            assertThat(again.subscriptionSequence()).isEqualTo(103);
            AdherenceStore.Snapshot read = again.snapshot(agent -> true);
            assertThat(read.sequenceId()).isEqualTo(103);
            assertThat(read.agents()).containsExactly(
                    new AdherenceAgent("a", "available", "lunch", false, "2026-11-22T09:00:00Z", 103),
                    new AdherenceAgent("b", "available", "available", true, null, 102));
            // stored as the event gave it, answered in the contract's form
            assertThat(read.agents().get(0).view()).containsEntry("outOfAdherenceSince", "2026-11-22T09:00:00.000Z");
            assertThat(beforeCrash.sequenceId()).isEqualTo(104);
            assertThat(event(again, 104, "b", "break", false, "2026-11-22T09:05:00Z").verdict())
                    .isEqualTo(AdherenceEvent.Verdict.APPLY);
            assertThat(again.snapshot(agent -> true).agents()).isEqualTo(beforeCrash.agents());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void shouldReplaceEveryAgentAndOtherFiltersCursorsWithABaseline(String vendor, Supplier<StoreSettings> settings)
            throws Exception {
        try (Database database = Database.open(settings.get())) {
            AdherenceStore some = store(database, List.of("a", "b"));
            some.applyBaseline(baseline(10, "a:available:true", "b:break:false", "c:lunch:false"));
            event(some, 11, "a", "offline", false, "2026-11-22T09:00:00Z");
            event(some, 12, "b", "available", true, "2026-11-22T09:10:00Z");
            event(some, 13, "b", "break", false, "2026-11-22T09:20:00Z");
            some.stop();
            assertThat(store(database, List.of("a", "b")).snapshot(agent -> true).agents())
                    .extracting(AdherenceAgent::agentId).containsExactly("a", "b");

            AdherenceStore all = store(database, List.of());
            assertThat(all.needsBaseline()).as("another agent filter has no cursor yet").isTrue();
            all.applyBaseline(baseline(20, "b:break:false", "c:lunch:false"));
            // b stayed out of adherence: its time out is kept; c went out with this baseline, applied at the clock's time
            assertThat(all.snapshot(agent -> !agent.inAdherence()).agents()).containsExactly(
                    new AdherenceAgent("b", "available", "break", false, "2026-11-22T09:20:00Z", 20),
                    new AdherenceAgent("c", "available", "lunch", false, "2026-11-22T10:00:00.000Z", 20));
            all.stop();

            AdherenceStore back = store(database, List.of("a", "b"));
            assertThat(back.needsBaseline()).as("the cursor of the rows that were replaced is gone").isTrue();
            back.applyBaseline(baseline(15, "a:available:true"));
            assertThat(back.snapshot(agent -> true).sequenceId()).isEqualTo(15);
            assertThat(back.snapshot(agent -> true).agents()).extracting(AdherenceAgent::agentId).containsExactly("a");
        }
    }
}
