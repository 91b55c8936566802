package com.cxoneflows.presence;

import com.cxoneflows.testing.Http;
import com.cxoneflows.testing.Metrics;
import com.cxoneflows.testing.PresenceWorld;
import com.cxoneflows.testing.RunningProduct;
import com.cxoneflows.testing.SseStream;
import com.cxoneflows.testing.Streams;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The browser feed {@code GET /api/presence/stream} and the page's files on one running product: a snapshot first,
 * update batches with ids rising by one, upstream events, the resume after {@code Last-Event-ID} or a snapshot when
 * it is gone, a slow browser resynced without slowing a fast one, and (each on a product of its own) a user's changes
 * coalesced, only changes of the shown fields, and keep-alive comments.
 */
class PresenceFeedTest {

    private static final String FEED = "/api/presence/stream";
    private static final List<String> ROW = List.of("userId", "status", "queueName", "wrapUpCode", "sequence", "updatedAt");

    private static RunningProduct product;
    private static PresenceWorld presence;
    private final List<SseStream> streams = new ArrayList<>();

    @BeforeAll
    static void start() {
        // a reconnect waits 0.75 to 1.5 s: long enough for the browsers to see the socket down
        product = RunningProduct.start(properties(Map.of("cxone.presence.replay-events", "8", "cxone.presence.client-queue", "4",
                "cxone.presence.retry-delay", "1500")));
        presence = new PresenceWorld(product.simulator().baseUrl());
        await().atMost(Duration.ofSeconds(15)).until(() -> Streams.connected(product.url(""), "presence-dashboard"));
    }

    private static Map<String, String> properties(Map<String, String> overrides) {
        Map<String, String> properties = new HashMap<>(Map.of(
                "cxone.contacts.enabled", "false",
                "cxone.agents.enabled", "false",
                "cxone.guest.enabled", "false",
                "cxone.simulator.guest-traffic", "false",
                "cxone.presence.coalesce", "200ms"));
        properties.putAll(overrides);
        return properties;
    }

    @AfterAll
    static void stop() {
        product.close();
    }

    @BeforeEach
    void trafficAtDemoRate() {
        presence.configure(Map.of("updatesPerSecond", 100, "paused", false));
    }

    private SseStream open(RunningProduct on, String lastEventId) {
        SseStream stream = SseStream.open(on.url(FEED), null, lastEventId);
        streams.add(stream);
        return stream;
    }

    @AfterEach
    void closeStreams() {
        streams.forEach(SseStream::close);
    }

    private static long id(SseStream.Event event) {
        return Long.parseLong(event.id());
    }

    private static List<String> keys(JsonNode row) {
        List<String> keys = new ArrayList<>();
        row.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    @Test
    void shouldOpenWithASnapshotThenSendUpdateBatchesWithIdsRisingByOne() {
        await().atMost(Duration.ofSeconds(10)).until(() -> metric("cxone_presence_updates_total") > 100);
        SseStream stream = open(product, null);

        SseStream.Event snapshot = stream.next();
        List<SseStream.Event> updates = stream.next(5);

        assertThat(stream.status()).isEqualTo(200);
        assertThat(stream.header("Content-Type")).isEqualTo("text/event-stream");
        assertThat(stream.raw()).startsWith("retry: 2000\nid: " + snapshot.id() + "\nevent: snapshot\ndata: {");
        assertThat(snapshot.type()).isEqualTo("snapshot");
        JsonNode data = snapshot.json();
        assertThat(data.path("fields")).extracting(JsonNode::asText).containsExactly("status", "queueName", "wrapUpCode");
        assertThat(data.path("upstream").path("connected").asBoolean()).isTrue();
        assertThat(data.path("upstream").path("lastError").isNull()).isTrue();
        assertThat(data.path("users")).isNotEmpty().allSatisfy(row -> assertThat(keys(row)).isEqualTo(ROW));
        for (int i = 0; i < updates.size(); i++) {
            SseStream.Event event = updates.get(i);
            assertThat(event.type()).isEqualTo("updates");
            assertThat(id(event)).isEqualTo(id(snapshot) + i + 1);
            JsonNode rows = event.json().path("updates");
            assertThat(rows).isNotEmpty().allSatisfy(row -> assertThat(keys(row)).isEqualTo(ROW));
            assertThat(rows.findValuesAsText("userId")).doesNotHaveDuplicates();
        }
        assertThat(stream.raw()).doesNotContain("simtok_").doesNotContain("Bearer");
    }

    /**
     * On a product of its own, with no traffic but the burst and a window of 2 s: the 20 updates reach the product
     * within one window however loaded the machine (under two busy loops on this 2-core machine they took up to five
     * windows of 200 ms), so the burst spans at most two.
     */
    @Test
    void shouldCoalesceAUsersChangesWithinTheWindowIntoItsLatestState() {
        try (RunningProduct quiet = RunningProduct.start(properties(Map.of("cxone.presence.coalesce", "2s",
                "cxone.simulator.presence-updates-per-second", "0")))) {
            await().atMost(Duration.ofSeconds(15)).until(() -> Streams.connected(quiet.url(""), "presence-dashboard"));
            PresenceWorld world = new PresenceWorld(quiet.simulator().baseUrl());
            String user = world.userIds().get(7);
            String other = world.userIds().get(8);
            SseStream stream = open(quiet, null);
            stream.next();

            world.generate(20, user);
            await().atMost(Duration.ofSeconds(5)).until(() -> metric(quiet, "cxone_presence_updates_total") == 20);
            Map<String, Object> latest = PresenceWorld.board(quiet.url("")).get(user);
            // The burst's last updates may change no shown field (a status sent again): they stay on the board and
            // never reach the feed, so the end of the burst is told by another user's change made after it, which the
            // feed sends after every row of the burst.
            world.set(Map.of("userId", other, "status", "Available"));
            List<JsonNode> rows = new ArrayList<>();
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                rows.addAll(stream.next().json().path("updates").findParents("userId"));
                return !rows.isEmpty() && rows.get(rows.size() - 1).path("userId").asText().equals(other);
            });
            rows.remove(rows.size() - 1);

            double filtered = metric(quiet, "cxone_presence_filtered_out_total");
            double shown = 20 - filtered;
            assertThat(rows).allSatisfy(row -> assertThat(row.path("userId").asText()).isEqualTo(user));
            assertThat(rows.size()).as("a burst spans at most two windows").isBetween(1, 2);
            assertThat(metric(quiet, "cxone_presence_coalesced_total")).isEqualTo(shown - rows.size());
            // the user's latest state; its sequence and time are those of its last shown change
            Map<String, Object> sent = new TreeMap<>(Http.JSON.convertValue(rows.get(rows.size() - 1), Map.class));
            long unsent = ((Number) latest.get("sequence")).longValue() - ((Number) sent.get("sequence")).longValue();
            assertThat(unsent).as("updates after the last one sent, each changing no shown field").isBetween(0L, (long) filtered);
            Map<String, Object> expected = new TreeMap<>(latest);
            if (unsent > 0) {
                expected.put("sequence", sent.get("sequence"));
                expected.put("updatedAt", sent.get("updatedAt"));
            }
            assertThat(sent).isEqualTo(expected);
        }
    }

    private static double metric(String sample) {
        return metric(product, sample);
    }

    private static double metric(RunningProduct on, String sample) {
        return Metrics.sample(on.url(""), sample);
    }

    @Test
    void shouldTellTheBrowsersWhenTheProductsSocketDropsAndComesBack() {
        SseStream stream = open(product, null);
        stream.next();
        // the close goes out behind what the simulator still queues for the product's socket (a backlog an earlier
        // test's 3,000 updates/s can leave on a busy machine): let that drain first
        presence.configure(Map.of("paused", true));
        double[] applied = {-1};
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
            double now = metric("cxone_presence_updates_total");
            boolean drained = now == applied[0];
            applied[0] = now;
            return drained;
        });

        presence.fault(Map.of("kind", "close", "code", 1011, "reason", "internal error"));
        List<JsonNode> upstream = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            SseStream.Event event = stream.next();
            // the event that said the socket was up at start may still come first
            if (event.type().equals("upstream") && (!upstream.isEmpty() || !event.json().path("connected").asBoolean())) {
                upstream.add(event.json());
            }
            return upstream.size() == 2;
        });

        assertThat(upstream.get(0).path("connected").asBoolean()).isFalse();
        assertThat(upstream.get(0).path("lastError").asText()).isEqualTo("closed 1011 internal error");
        assertThat(upstream.get(1).path("connected").asBoolean()).isTrue();
        assertThat(upstream.get(1).path("lastError").isNull()).isTrue();
    }

    @Test
    void shouldResumeAfterLastEventIdOrSendASnapshotWhenItIsGone() {
        SseStream first = open(product, null);
        first.next();
        List<SseStream.Event> seen = first.next(3);
        first.close();

        SseStream resumed = open(product, seen.get(0).id());
        List<SseStream.Event> replayed = resumed.next(2);

        assertThat(replayed).extracting(SseStream.Event::id).containsExactly(seen.get(1).id(), seen.get(2).id());
        assertThat(replayed).extracting(SseStream.Event::data).containsExactly(seen.get(1).data(), seen.get(2).data());
        assertThat(resumed.raw()).startsWith("retry: 2000\nid: " + seen.get(1).id() + "\nevent: updates\n");
        // 8 events are kept: once the id is that far behind, it is gone
        await().atMost(Duration.ofSeconds(15)).until(() -> id(resumed.next()) > id(seen.get(0)) + 9);
        for (String gone : List.of(seen.get(0).id(), "1", String.valueOf(id(seen.get(0)) + 1_000_000), "yesterday")) {
            assertThat(open(product, gone).next().type()).as("Last-Event-ID %s", gone).isEqualTo("snapshot");
        }
    }

    @Test
    void shouldGiveASlowBrowserAFreshSnapshotWithoutSlowingAFastOne() throws Exception {
        presence.configure(Map.of("updatesPerSecond", 3000));
        double resyncs = metric("cxone_presence_browser_resyncs_total");
        SseStream fast = open(product, null);
        long fastSnapshot = id(fast.next());
        try (Socket slow = new Socket()) {
            // a browser that reads nothing: a tiny receive window fills at once, then the server's buffers
            slow.setReceiveBufferSize(1024);
            slow.connect(new InetSocketAddress("127.0.0.1", Integer.parseInt(product.url("").replaceAll(".*:", ""))), 5000);
            OutputStream out = slow.getOutputStream();
            out.write(("GET " + FEED + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();

            List<SseStream.Event> fastEvents = new ArrayList<>();
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                fastEvents.add(fast.next());
                return metric("cxone_presence_browser_resyncs_total") > resyncs;
            });
            long latest = id(open(product, null).next());
            await().atMost(Duration.ofSeconds(3)).until(() -> {
                fastEvents.add(fast.next());
                return id(fastEvents.get(fastEvents.size() - 1)) >= latest;
            });

            for (int i = 0; i < fastEvents.size(); i++) {
                assertThat(fastEvents.get(i).type()).isNotEqualTo("snapshot");
                assertThat(id(fastEvents.get(i))).isEqualTo(fastSnapshot + i + 1);
            }
            assertThat(snapshotsIn(slow)).as("the first snapshot and the fresh one after falling behind").isGreaterThanOrEqualTo(2);
        }
    }

    /** Reads what the slow browser was sent until a second snapshot shows (or 10 s pass); returns how many it saw. */
    private static int snapshotsIn(Socket socket) throws Exception {
        socket.setSoTimeout(200);
        InputStream in = socket.getInputStream();
        StringBuilder text = new StringBuilder();
        byte[] buffer = new byte[64 * 1024];
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        int snapshots = 0;
        while (snapshots < 2 && System.nanoTime() < deadline) {
            try {
                int n = in.read(buffer);
                if (n < 0) {
                    break;
                }
                text.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                // keep the tail only: a snapshot's marker may straddle two reads
                snapshots += count(text, "event: snapshot\n");
                text.delete(0, Math.max(0, text.length() - 32));
            } catch (SocketTimeoutException quiet) {
                // nothing this moment: read again until the deadline
            }
        }
        return snapshots;
    }

    private static int count(StringBuilder text, String marker) {
        int found = 0;
        for (int at = text.indexOf(marker); at >= 0; at = text.indexOf(marker, at + 1)) {
            found++;
        }
        return found;
    }

    @Test
    void shouldServeThePageAndItsFilesButNoListing() {
        Http.Response page = Http.get(product.url("/"));
        Http.Response file = Http.get(product.url("/dashboard/index.html"));
        Http.Response folder = Http.get(product.url("/dashboard/"));

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.body()).contains("<title>");
        assertThat(file.body()).isEqualTo(page.body());
        assertThat(folder.body()).as("the index page, never a listing").isEqualTo(page.body());
        for (String missing : List.of("/dashboard/nothing.js", "/dashboard/../application.properties", "/dashboard/%2e%2e/logback.xml")) {
            Http.Response answer = Http.get(product.url(missing));
            assertThat(answer.status()).as(missing).isEqualTo(404);
            assertThat(answer.json().path("status").asInt()).isEqualTo(404);
        }
    }

    @Test
    void shouldSendOnlyChangesOfTheShownFieldsAndKeepIdleBrowsersAlive() {
        try (RunningProduct statusOnly = RunningProduct.start(properties(Map.of("cxone.presence.fields", "status",
                "cxone.presence.keep-alive", "1s", "cxone.simulator.presence-updates-per-second", "0")))) {
            await().atMost(Duration.ofSeconds(15)).until(() -> Streams.connected(statusOnly.url(""), "presence-dashboard"));
            PresenceWorld world = new PresenceWorld(statusOnly.simulator().baseUrl());
            String user = world.userIds().get(3);
            SseStream stream = open(statusOnly, null);
            JsonNode snapshot = stream.next().json();

            world.set(Map.of("userId", user, "status", "Available"));
            JsonNode first = stream.next().json().path("updates").get(0);
            world.set(Map.of("userId", user, "wrapUpCode", "Sale"));
            await().atMost(Duration.ofSeconds(5)).until(() -> "Sale".equals(PresenceWorld.board(statusOnly.url("")).get(user).get("wrapUpCode")));
            world.set(Map.of("userId", user, "status", "Break"));
            JsonNode second = stream.next().json().path("updates").get(0);

            assertThat(snapshot.path("fields")).extracting(JsonNode::asText).containsExactly("status");
            assertThat(first.path("status").asText()).isEqualTo("Available");
            assertThat(second.path("status").asText()).isEqualTo("Break");
            assertThat(second.path("wrapUpCode").asText()).as("the full row goes out").isEqualTo("Sale");
            assertThat(second.path("sequence").asLong()).isEqualTo(first.path("sequence").asLong() + 2);
            assertThat(Metrics.sample(statusOnly.url(""), "cxone_presence_filtered_out_total")).isEqualTo(1);
            await().atMost(Duration.ofSeconds(5)).until(() -> stream.comments() >= 1);
            assertThat(stream.raw()).contains("\n: keep-alive\n");
        }
    }
}
