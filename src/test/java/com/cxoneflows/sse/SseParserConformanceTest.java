package com.cxoneflows.sse;

import com.cxoneflows.auth.AuthSettings;
import com.cxoneflows.auth.GrantType;
import com.cxoneflows.auth.TokenService;
import com.cxoneflows.http.Backoff;
import com.cxoneflows.simulator.CxoneSimulator;
import com.cxoneflows.simulator.SimulatorSettings;
import com.cxoneflows.store.CursorStore;
import com.cxoneflows.store.Database;
import com.cxoneflows.store.StoreSettings;
import com.cxoneflows.stream.StreamEvent;
import com.cxoneflows.testing.Http;
import com.cxoneflows.testing.RawSseServer;
import com.cxoneflows.testing.RawSseServer.Script;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The cxone-sse consumer parses the WHATWG event-stream format byte for byte (contract §2 "settled"):
 * raw frames from a real socket, one network write per chunk.
 */
class SseParserConformanceTest {

    private CxoneSimulator tokens;
    private Database database;
    private RawSseServer server;
    private CamelContext camel;
    private final List<Exchange> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        tokens = CxoneSimulator.start(SimulatorSettings.defaults(0));
        database = Database.open(new StoreSettings("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", 2));
        server = new RawSseServer();
    }

    @AfterEach
    void stop() throws Exception {
        if (camel != null) {
            camel.close();
        }
        server.close();
        database.close();
        tokens.close();
    }

    private void consume(long retryDelay) throws Exception {
        consume(retryDelay, null);
    }

    /** @param clock bound as the registry's {@code clock} bean when not null */
    private void consume(long retryDelay, Clock clock) throws Exception {
        consume(retryDelay, clock, 1);
    }

    private void consume(long retryDelay, Clock clock, int maxBatch) throws Exception {
        camel = new DefaultCamelContext();
        if (clock != null) {
            camel.getRegistry().bind("clock", clock);
        }
        TokenService tokenService = new TokenService(new AuthSettings(URI.create(tokens.baseUrl() + "/oauth/v2/token"),
                GrantType.CLIENT_CREDENTIALS, SimulatorSettings.DEMO_CLIENT_ID, SimulatorSettings.DEMO_CLIENT_SECRET, null,
                null, null, Duration.ofSeconds(30), Duration.ofSeconds(5),
                Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(1)), Duration.ofMinutes(5)), Clock.systemUTC());
        camel.addService(tokenService);
        camel.getRegistry().bind("tokenService", tokenService);
        camel.getRegistry().bind("cursorStore", new CursorStore(database, Clock.systemUTC()));
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("cxone-sse:conformance?baseUrl=" + server.baseUrl() + "&path=/stream&retryDelay=" + retryDelay + "&maxBatch=" + maxBatch)
                        .process(received::add);
            }
        });
        camel.start();
    }

    private List<String> data() {
        return received.stream().map(e -> e.getIn().getBody(String.class)).toList();
    }

    private List<String> ids() {
        return received.stream().map(e -> e.getIn().getHeader(CxoneSseConstants.EVENT_ID, String.class)).toList();
    }

    @Test
    void shouldStopAtOnceWhileTheTokenEndpointKeepsFailing() throws Exception {
        Http.post(tokens.baseUrl() + "/_sim/faults", Http.json(Map.of("target", "token", "status", 503, "times", -1)));
        consume(1000);
        await().until(() -> !Http.get(tokens.baseUrl() + "/_sim/requests?path=/oauth/v2/token").json().path("requests").isEmpty());

        long started = System.nanoTime();
        camel.getRouteController().stopRoute(camel.getRoutes().get(0).getRouteId());

        // the reader waited for a token up to the consumer's tokenTimeout (30 s), and the stop for it (10 s at most)
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void shouldSplitEventsWhenLinesEndWithLf() throws Exception {
        server.enqueue(Script.of("id: 1\nevent: contact.state.change\ndata: {\"a\":1}\n\nid: 2\ndata: b\n\n"));
        consume(1000);

        await().until(() -> received.size() == 2);
        assertThat(data()).containsExactly("{\"a\":1}", "b");
        assertThat(ids()).containsExactly("1", "2");
        assertThat(received.get(0).getIn().getHeader(CxoneSseConstants.EVENT_TYPE)).isEqualTo("contact.state.change");
        assertThat(received.get(1).getIn().getHeader(CxoneSseConstants.EVENT_TYPE)).isEqualTo("message");
    }

    @Test
    void shouldSplitEventsWhenLinesEndWithCr() throws Exception {
        server.enqueue(Script.of("id: 1\rdata: a\r\rid: 2\rdata: b\r\r"));
        consume(1000);

        await().until(() -> received.size() == 2);
        assertThat(data()).containsExactly("a", "b");
    }

    @Test
    void shouldSplitEventsWhenLinesEndWithCrLf() throws Exception {
        server.enqueue(Script.of("id: 1\r\ndata: a\r\n\r\nid: 2\r\ndata: b\r\n\r\n"));
        consume(1000);

        await().until(() -> received.size() == 2);
        assertThat(data()).containsExactly("a", "b");
    }

    @Test
    void shouldTreatCrLfAsOneLineEndWhenSplitAcrossTwoReads() throws Exception {
        server.enqueue(Script.of("data: a\r", "\ndata: b\r", "\n\r", "\n"));
        consume(1000);

        await().until(() -> received.size() == 1);
        assertThat(data()).containsExactly("a\nb");
    }

    @Test
    void shouldIgnoreLeadingByteOrderMark() throws Exception {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        server.enqueue(Script.bytes(bom, "data: first\n\n".getBytes(StandardCharsets.UTF_8)));
        consume(1000);

        await().until(() -> received.size() == 1);
        assertThat(data()).containsExactly("first");
    }

    @Test
    void shouldIgnoreCommentLines() throws Exception {
        server.enqueue(Script.of(": keep-alive\n\n: another\ndata: x\n: between\n\n"));
        consume(1000);

        await().until(() -> received.size() == 1);
        assertThat(data()).containsExactly("x");
    }

    @Test
    void shouldJoinMultiLineDataWithLineFeed() throws Exception {
        server.enqueue(Script.of("data: {\"contact\":{\"id\":\"c-1\"},\ndata:  \"state\":\"queued\"}\n\n"));
        consume(1000);

        await().until(() -> received.size() == 1);
        assertThat(data()).containsExactly("{\"contact\":{\"id\":\"c-1\"},\n \"state\":\"queued\"}");
    }

    @Test
    void shouldStripOnlyOneSpaceAfterTheColon() throws Exception {
        server.enqueue(Script.of("data:x\n\ndata: x\n\ndata:  x\n\n"));
        consume(1000);

        await().until(() -> received.size() == 3);
        assertThat(data()).containsExactly("x", "x", " x");
    }

    @Test
    void shouldReadFieldWithoutColonAsEmptyValue() throws Exception {
        server.enqueue(Script.of("data\n\nevent\ndata: y\n\n"));
        consume(1000);

        await().until(() -> received.size() == 2);
        assertThat(data()).containsExactly("", "y");
        assertThat(received.get(1).getIn().getHeader(CxoneSseConstants.EVENT_TYPE)).isEqualTo("message");
    }

    @Test
    void shouldIgnoreIdContainingNul() throws Exception {
        server.enqueue(Script.of("id: 7\ndata: a\n\nid: 8\u00009\ndata: b\n\n"));
        consume(1000);

        await().until(() -> received.size() == 2);
        assertThat(ids()).containsExactly("7", "7");
    }

    @Test
    void shouldResetLastEventIdWhenIdIsEmpty() throws Exception {
        server.enqueue(Script.of("id: 7\ndata: a\n\nid\ndata: b\n\n").thenHangUp());
        server.enqueue(Script.of(""));
        consume(50);

        await().until(() -> received.size() == 2 && server.requests().size() == 2);
        assertThat(ids()).containsExactly("7", "");
        assertThat(server.requests().get(1).headers()).doesNotContainKey("last-event-id");
    }

    @Test
    void shouldResumeWithLastEventIdAndUseServerRetryWhenDigitsOnly() throws Exception {
        server.enqueue(Script.of("retry: 100\nid: 41\ndata: a\n\n").thenHangUp());
        server.enqueue(Script.of("id: 42\ndata: b\n\n"));
        consume(10_000);

        await().atMost(Duration.ofSeconds(3)).until(() -> received.size() == 2);
        assertThat(server.requests().get(1).headers()).containsEntry("last-event-id", "41");
        assertThat(server.requests().get(1).atMillis() - server.requests().get(0).atMillis()).isLessThan(2000);
    }

    @Test
    void shouldStampReceivedAtWithTheRegistryClock() throws Exception {
        Instant fixed = Instant.parse("2026-11-22T10:15:30.123Z");
        server.enqueue(Script.of("id: 1\ndata: a\n\n"));
        consume(1000, Clock.fixed(fixed, ZoneOffset.UTC));

        await().until(() -> received.size() == 1);
        assertThat(received.get(0).getIn().getHeader(CxoneSseConstants.RECEIVED_AT)).isEqualTo(fixed.toEpochMilli());
    }

    @Test
    void shouldHandWhatWasReadInBatchesAndResumeAfterTheLastEventTaken() throws Exception {
        server.enqueue(Script.of("id: 1\ndata: a\n\nid: 2\ndata: b\n\n: comment\nid: 3\nevent: x\ndata: c\n\n").thenHangUp());
        server.enqueue(Script.of("id: 4\ndata: d\n\n"));
        consume(100, null, 10);

        await().atMost(Duration.ofSeconds(5)).until(() -> batched().size() == 4);
        assertThat(received).allSatisfy(exchange -> assertThat(exchange.getIn().getBody()).isInstanceOf(List.class));
        assertThat(batched()).extracting(StreamEvent::id).containsExactly("1", "2", "3", "4");
        assertThat(batched()).extracting(StreamEvent::data).containsExactly("a", "b", "c", "d");
        assertThat(batched()).extracting(StreamEvent::type).containsExactly("message", "message", "x", "message");
        // the connection that ended after the events read before it were handed over resumes after the last of them
        assertThat(server.requests().get(1).headers()).containsEntry("last-event-id", "3");
    }

    /** The events of every batch received, in order. */
    private List<StreamEvent> batched() {
        return received.stream().flatMap(e -> ((List<?>) e.getIn().getBody()).stream()).map(StreamEvent.class::cast).toList();
    }

    @Test
    void shouldIgnoreRetryWhenNotDigitsOnly() throws Exception {
        server.enqueue(Script.of("retry: 1x0\nid: 41\ndata: a\n\n").thenHangUp());
        server.enqueue(Script.of("id: 42\ndata: b\n\n"));
        consume(3000);

        await().atMost(Duration.ofSeconds(8)).until(() -> received.size() == 2);
        // base 3000 ms with jitter keeps at least half: the bad retry line did not shorten it
        assertThat(server.requests().get(1).atMillis() - server.requests().get(0).atMillis()).isGreaterThanOrEqualTo(1400);
    }
}
