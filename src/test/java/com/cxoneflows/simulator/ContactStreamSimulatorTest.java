package com.cxoneflows.simulator;

import com.cxoneflows.testing.Http;
import com.cxoneflows.testing.SimulatorClient;
import com.cxoneflows.testing.SseStream;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The simulator's contact world (contract §2 and §6) on real sockets: stream, resumption, snapshot, truth and faults. */
class ContactStreamSimulatorTest {

    private static final String STREAM = "/api/v2/realtime/contacts/stream";
    /** HTTP/1.1 for the same reason as {@link Http}'s client. */
    private static final HttpClient HTTP_1_1 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final String ORIGIN = "000000000000000";
    private static final Map<String, Set<String>> ALLOWED = Map.of(
            "queued", Set.of("ringing", "abandoned"),
            "ringing", Set.of("connected", "abandoned", "queued"),
            "connected", Set.of("completed", "queued", "abandoned"),
            "completed", Set.of(),
            "abandoned", Set.of());

    private CxoneSimulator simulator;
    private SimulatorClient sim;
    private String token;
    private final List<SseStream> streams = new ArrayList<>();

    @BeforeEach
    void startSimulator() {
        simulator = CxoneSimulator.start(SimulatorSettings.defaults(0));
        sim = new SimulatorClient(simulator.baseUrl());
        token = newToken();
    }

    @AfterEach
    void stop() {
        streams.forEach(SseStream::close);
        simulator.close();
    }

    @Test
    void shouldRefuseTheStreamWhenNoValidTokenIsPresented() {
        assertThat(open("", null, null).status()).isEqualTo(401);
        assertThat(open("", "not-a-token", null).status()).isEqualTo(401);
        assertThat(Http.get(simulator.baseUrl() + "/api/v2/realtime/contacts").status()).isEqualTo(401);
    }

    @Test
    void shouldSendLiveEventsWithIncreasingIdsAndLegalTransitionsWhenConnected() {
        sim.contacts("config", Map.of("eventsPerSecond", 1000));
        long headBefore = Long.parseLong(sim.contacts("stats").path("logHead").asText());
        SseStream stream = open("", token, null);

        List<SseStream.Event> events = stream.next(500);

        assertThat(stream.header("Content-Type")).isEqualTo("text/event-stream");
        assertThat(stream.header("Cache-Control")).isEqualTo("no-cache");
        assertThat(stream.raw()).startsWith("retry: 3000\n");
        assertThat(Long.parseLong(events.get(0).id())).isGreaterThan(headBefore);
        Map<String, String> states = new HashMap<>();
        String previousId = "";
        for (SseStream.Event event : events) {
            assertThat(event.type()).isEqualTo("contact.state.change");
            assertThat(event.id()).hasSize(15).isGreaterThan(previousId);
            previousId = event.id();
            JsonNode data = event.json();
            String id = data.path("contact").path("id").asText();
            String state = data.path("state").asText();
            if (!data.has("previous_state")) {
                assertThat(state).isEqualTo("queued");
                assertThat(states).doesNotContainKey(id);
                assertThat(data.path("contact").has("queue_id")).isTrue();
                assertThat(data.path("contact").has("skill")).isTrue();
            } else {
                String from = data.path("previous_state").asText();
                assertThat(ALLOWED.get(from)).as("%s -> %s", from, state).contains(state);
                if (states.containsKey(id)) {
                    assertThat(from).isEqualTo(states.get(id));
                }
            }
            states.put(id, state);
        }
    }

    @Test
    void shouldReplayExactlyTheRetainedEventsAfterLastEventIdWhenResuming() {
        pause();
        String head = generate(50);
        SseStream everything = open("", token, ORIGIN);
        List<SseStream.Event> all = untilId(everything, head);
        int middle = all.size() - 30;

        SseStream resumed = open("", token, all.get(middle - 1).id());

        assertThat(resumed.next(30)).isEqualTo(all.subList(middle, all.size()));
        String following = generate(1);
        assertThat(resumed.next().id()).isEqualTo(following);
        assertThat(everything.next().id()).isEqualTo(following);
    }

    @Test
    void shouldAnswerInvalidLastEventIdWhenTheCursorIsOlderThanRetention() {
        pause();
        sim.contacts("config", Map.of("retention", 100));
        generate(300);
        long tail = Long.parseLong(sim.contacts("stats").path("logTail").asText());

        SseStream tooOld = open("", token, id(tail - 2));
        SseStream notAnId = open("", token, "abc");
        SseStream oldestKept = open("", token, id(tail - 1));

        assertThat(tooOld.status()).isEqualTo(400);
        assertThat(tooOld.bodyJson().path("error").asText()).isEqualTo("invalid_last_event_id");
        assertThat(notAnId.status()).isEqualTo(400);
        assertThat(oldestKept.status()).isEqualTo(200);
        assertThat(oldestKept.next().id()).isEqualTo(id(tail));
    }

    @Test
    void shouldAnswerTheSwitchedHttpFaultWhenOneIsPostedForTheStream() {
        sim.fault(Map.of("target", "contacts-stream", "status", 400, "times", 1, "body", "{\"error\":\"invalid_last_event_id\"}"));

        SseStream refused = open("", token, null);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.bodyJson().path("error").asText()).isEqualTo("invalid_last_event_id");
        assertThat(open("", token, null).status()).isEqualTo(200);
    }

    @Test
    void shouldEqualTheTruthWhenTheStreamsEventsAreAppliedWithTheMergeRule() {
        pause();
        SseStream stream = open("", token, ORIGIN);
        generate(1000);
        sim.contacts("faults", Map.of("kind", "malformed", "count", 6));
        sim.contacts("faults", Map.of("kind", "illegal", "count", 6));
        String head = generate(1000);

        Replica replica = new Replica();
        untilId(stream, head).forEach(replica::apply);

        JsonNode truth = sim.contacts("truth");
        assertThat(truth.path("lastEventId").asText()).isEqualTo(head);
        assertThat(replica.contacts.keySet()).containsExactlyInAnyOrderElementsOf(() -> truth.path("contacts").fieldNames());
        truth.path("contacts").fields().forEachRemaining(entry -> assertThat(replica.contacts.get(entry.getKey()))
                .as(entry.getKey()).isEqualTo(entry.getValue()));
        assertThat(replica.malformed).isEqualTo(6);
        assertThat(replica.illegal).isEqualTo(6);
        JsonNode stats = sim.contacts("stats");
        assertThat(stats.path("malformedInjected").asInt()).isEqualTo(6);
        assertThat(stats.path("illegalInjected").asInt()).isEqualTo(6);
        assertThat(stats.path("eventsGenerated").asLong()).isGreaterThanOrEqualTo(2000);
    }

    @Test
    void shouldMatchTheTruthWhenASnapshotIsTaken() {
        pause();
        generate(3000);
        JsonNode truth = sim.contacts("truth");

        JsonNode all = snapshot("");
        JsonNode filtered = snapshot("?state=ringing,connected&queue_id=q-sales");

        assertThat(all.path("lastEventId").asText()).isEqualTo(truth.path("lastEventId").asText());
        assertThat(all.path("contacts")).hasSize(truth.path("contacts").size());
        for (JsonNode entry : all.path("contacts")) {
            JsonNode expected = truth.path("contacts").path(entry.path("contact").path("id").asText());
            assertThat(entry.path("contact")).isEqualTo(expected.path("contact"));
            assertThat(entry.path("state")).isEqualTo(expected.path("state"));
            assertThat(entry.path("previous_state").asText(null)).isEqualTo(expected.path("previousState").asText(null));
            assertThat(entry.path("timestamp")).isEqualTo(expected.path("updatedAt"));
            assertThat(entry.path("lastEventId")).isEqualTo(expected.path("lastEventId"));
        }
        long expectedFiltered = 0;
        for (JsonNode contact : truth.path("contacts")) {
            if (Set.of("ringing", "connected").contains(contact.path("state").asText())
                    && contact.path("contact").path("queue_id").asText().equals("q-sales")) {
                expectedFiltered++;
            }
        }
        assertThat(filtered.path("contacts")).hasSize((int) expectedFiltered).isNotEmpty();
    }

    @Test
    void shouldSendOnlyMatchingEventsWhenFilteredByStateAndQueue() {
        pause();
        SseStream everything = open("", token, ORIGIN);
        SseStream filtered = open("?state=connected,completed&queue_id=q-support", token, ORIGIN);
        String head = generate(2000);

        List<String> expected = new ArrayList<>();
        Map<String, String> queues = new HashMap<>();
        for (SseStream.Event event : untilId(everything, head)) {
            JsonNode data = event.json();
            String id = data.path("contact").path("id").asText();
            queues.putIfAbsent(id, data.path("contact").path("queue_id").asText()); // a contact's first event has it
            if (Set.of("connected", "completed").contains(data.path("state").asText()) && "q-support".equals(queues.get(id))) {
                expected.add(event.id());
            }
        }

        assertThat(expected).isNotEmpty();
        assertThat(filtered.next(expected.size())).extracting(SseStream.Event::id).isEqualTo(expected);
    }

    @Test
    void shouldUseCarriageReturnsOnlyWhenTheFramingFaultAsksForCr() {
        pause();
        sim.contacts("faults", Map.of("kind", "framing", "lineEnding", "cr", "multiline", true, "connections", 1));
        SseStream cr = open("", token, ORIGIN);
        SseStream lf = open("", token, ORIGIN);
        String head = generate(20);

        List<SseStream.Event> events = untilId(cr, head);
        untilId(lf, head);

        assertThat(cr.raw()).contains("\r").doesNotContain("\n").startsWith("retry: 3000\r");
        assertThat(cr.raw().split("\rdata: ").length).isGreaterThan(events.size() * 3);
        events.forEach(event -> assertThat(event.json().path("contact").path("id").asText()).startsWith("c-"));
        assertThat(lf.raw()).contains("\n").doesNotContain("\r");
        assertThat(sim.requests(STREAM)).extracting(r -> r.path("detail").path("lineEnding").asText())
                .containsExactly("cr", "lf");
        assertThat(sim.requests(STREAM).get(0).path("detail").path("lastEventId").asText()).isEqualTo(ORIGIN);
    }

    @Test
    void shouldSendStreamErrorThenCloseWhenTheTokenExpiryFaultIsReached() {
        pause();
        sim.contacts("faults", Map.of("kind", "token-expiry", "afterEvents", 5));
        SseStream stream = open("", token, ORIGIN);
        generate(20);

        assertThat(stream.next(5)).allMatch(event -> event.type().equals("contact.state.change"));
        SseStream.Event error = stream.next();

        assertThat(error.type()).isEqualTo("stream.error");
        assertThat(error.json().path("status").asInt()).isEqualTo(401);
        assertThat(error.json().path("error").asText()).isEqualTo("token_expired");
        await().atMost(Duration.ofSeconds(5)).until(stream::ended);
        assertThat(open("", token, null).status()).isEqualTo(401);
    }

    @Test
    void shouldSendStreamErrorThenCloseWhenTheTokenExpiresMidStream() {
        pause();
        sim.configure(Map.of("tokenLifetimeSeconds", 1));
        SseStream stream = open("", newToken(), null);

        SseStream.Event error = stream.next();

        assertThat(error.type()).isEqualTo("stream.error");
        assertThat(error.json().path("status").asInt()).isEqualTo(401);
        await().atMost(Duration.ofSeconds(5)).until(stream::ended);
    }

    @Test
    void shouldCloseTheConnectionWithoutErrorWhenTheDropFaultIsReached() {
        pause();
        sim.contacts("faults", Map.of("kind", "drop", "afterEvents", 3));
        SseStream dropped = open("", token, ORIGIN);
        String head = generate(10);

        assertThat(dropped.next(3)).extracting(SseStream.Event::type).containsOnly("contact.state.change");
        await().atMost(Duration.ofSeconds(5)).until(dropped::ended);
        assertThat(untilId(open("", token, ORIGIN), head)).isNotEmpty();
    }

    @Test
    void shouldSendTheLastEventsAgainWhenTheDuplicatesFaultIsSet() {
        pause();
        sim.contacts("faults", Map.of("kind", "duplicates", "count", 3));
        SseStream stream = open("", token, ORIGIN);
        generate(10);

        List<SseStream.Event> events = stream.next(8);

        assertThat(events.subList(3, 6)).isEqualTo(events.subList(0, 3));
        assertThat(Long.parseLong(events.get(6).id())).isEqualTo(Long.parseLong(events.get(2).id()) + 1);
        assertThat(sim.contacts("stats").path("duplicatesSent").asInt()).isEqualTo(3);
    }

    @Test
    void shouldSendExactlyThePostedBytesWhenTheRawFaultIsSet() {
        List<String> chunks = List.of("id: 000000000000007\r", "\nevent: contact.state.change\r\ndata: {\"a\":", "1}\r\n\r\n");
        sim.contacts("faults", Map.of("kind", "raw", "chunkDelayMs", 50, "chunks",
                chunks.stream().map(chunk -> Base64.getEncoder().encodeToString(chunk.getBytes(StandardCharsets.UTF_8))).toList()));
        SseStream raw = open("", token, null);

        SseStream.Event event = raw.next();

        assertThat(event.id()).isEqualTo("000000000000007");
        assertThat(event.json().path("a").asInt()).isEqualTo(1);
        assertThat(raw.raw()).isEqualTo(String.join("", chunks));
    }

    @Test
    void shouldSendOnlyKeepAlivesWhenQuiet() {
        sim.contacts("config", Map.of("eventsPerSecond", 200, "keepAliveMs", 100));
        long quietFrom = System.currentTimeMillis();
        sim.contacts("faults", Map.of("kind", "quiet", "durationMs", 1000));
        SseStream stream = open("", token, null);

        stream.next();

        assertThat(System.currentTimeMillis() - quietFrom).isGreaterThanOrEqualTo(900);
        assertThat(stream.comments()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void shouldCapTheEventRateWhenMaxEventsIsGiven() {
        pause();
        generate(500);
        long start = System.currentTimeMillis();
        SseStream stream = open("?max_events=50", token, ORIGIN);

        stream.next(100);

        assertThat(System.currentTimeMillis() - start).isGreaterThanOrEqualTo(900);
    }

    @Test
    void shouldRefuseWithAReasonWhenASwitchIsBad() {
        Http.Response unknownKind = Http.post(simulator.baseUrl() + "/_sim/contacts/faults", "{\"kind\":\"gremlins\"}");
        Http.Response badRate = Http.post(simulator.baseUrl() + "/_sim/contacts/config", "{\"eventsPerSecond\":-1}");
        Http.Response typo = Http.post(simulator.baseUrl() + "/_sim/contacts/config", "{\"pasued\":true}");

        assertThat(List.of(unknownKind, badRate, typo)).allSatisfy(response -> {
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.json().path("error").asText()).isNotBlank();
        });
        assertThat(sim.contacts("config", Map.of("retryMs", 500)).path("retryMs").asInt()).isEqualTo(500);
    }

    @Test
    void shouldStreamToOneConnectionWhenTwoHundredThousandEventsAreGenerated() {
        pause();
        SseStream stream = open("", token, null);
        long start = System.nanoTime();

        String head = generate(200_000);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        long first = Long.parseLong(head) - 200_000 + 1;
        for (long expected = first; expected <= Long.parseLong(head); expected++) {
            String id = stream.next().id();
            if (Long.parseLong(id) != expected) {
                throw new AssertionError("expected event " + expected + " but got " + id);
            }
        }
    }

    /** What a correct client of contract §2 makes of the stream: transitions checked, deltas merged. */
    private static final class Replica {

        private final Map<String, ObjectNode> contacts = new HashMap<>();
        private int malformed;
        private int illegal;

        void apply(SseStream.Event event) {
            JsonNode data;
            try {
                data = Http.JSON.readTree(event.data());
            } catch (IOException notJson) {
                malformed++;
                return;
            }
            String id = data.path("contact").path("id").asText(null);
            String state = data.path("state").asText(null);
            if (id == null || state == null) {
                malformed++;
                return;
            }
            ObjectNode known = contacts.get(id);
            String from = known != null ? known.path("state").asText() : data.path("previous_state").asText(null);
            if (from != null && !ALLOWED.get(from).contains(state)) {
                illegal++;
                return;
            }
            ObjectNode contact = known == null ? JsonNodeFactory.instance.objectNode() : known;
            ObjectNode delta = ((ObjectNode) data.path("contact")).deepCopy();
            data.fields().forEachRemaining(member -> {
                if (!Set.of("contact", "state", "previous_state", "timestamp").contains(member.getKey())) {
                    delta.set(member.getKey(), member.getValue());
                }
            });
            merge(contact.has("contact") ? (ObjectNode) contact.get("contact") : contact.putObject("contact"), delta);
            contact.set("previousState", known == null ? JsonNodeFactory.instance.nullNode() : known.get("state"));
            contact.put("state", state);
            contact.put("lastEventId", event.id());
            contact.set("updatedAt", data.get("timestamp"));
            contacts.put(id, contact);
        }

        private static void merge(ObjectNode target, JsonNode delta) {
            for (Iterator<Map.Entry<String, JsonNode>> it = delta.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> member = it.next();
                if (member.getValue().isObject() && target.path(member.getKey()).isObject()) {
                    merge((ObjectNode) target.get(member.getKey()), member.getValue());
                } else {
                    target.set(member.getKey(), member.getValue().deepCopy());
                }
            }
        }
    }

    private void pause() {
        sim.contacts("config", Map.of("paused", true));
    }

    private String generate(int count) {
        return sim.contacts("generate", Map.of("count", count)).path("lastEventId").asText();
    }

    private JsonNode snapshot(String query) {
        try {
            HttpResponse<String> response = HTTP_1_1.send(
                    HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/api/v2/realtime/contacts" + query))
                            .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            return Http.JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private SseStream open(String query, String bearer, String lastEventId) {
        SseStream stream = SseStream.open(simulator.baseUrl() + STREAM + query, bearer, lastEventId);
        streams.add(stream);
        return stream;
    }

    /** Every event up to and including {@code lastId}. */
    private static List<SseStream.Event> untilId(SseStream stream, String lastId) {
        List<SseStream.Event> events = new ArrayList<>();
        SseStream.Event event;
        do {
            event = stream.next();
            events.add(event);
        } while (event.id().compareTo(lastId) < 0);
        return events;
    }

    private static String id(long value) {
        return String.format("%015d", value);
    }

    private String newToken() {
        String form = "grant_type=client_credentials&client_id=" + SimulatorSettings.DEMO_CLIENT_ID
                + "&client_secret=" + SimulatorSettings.DEMO_CLIENT_SECRET + "&scope=realtime";
        try {
            HttpResponse<String> response = HTTP_1_1.send(
                    HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/oauth/v2/token"))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return Http.JSON.readTree(response.body()).path("access_token").asText();
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
