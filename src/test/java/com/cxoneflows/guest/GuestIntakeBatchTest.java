package com.cxoneflows.guest;

import com.cxoneflows.store.Database;
import com.cxoneflows.store.RejectedEvent;
import com.cxoneflows.store.RejectedEventStore;
import com.cxoneflows.store.StoreSettings;
import com.cxoneflows.stream.StreamEvent;
import com.cxoneflows.stream.StreamRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The intake steps of {@code routes/guest-routing.camel.yaml} on one batch of frames read together, in the
 * route's order (read, record bad, limit, write to the inbox), on the embedded store.
 */
class GuestIntakeBatchTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    @TempDir
    Path dataDir;

    @Test
    void shouldCommitAndRouteTheWholeBatchButItsBadFrameAndItsRateLimitedMessage() throws Exception {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        try (Database database = Database.open(StoreSettings.embedded(dataDir, 2));
             DefaultCamelContext camel = new DefaultCamelContext()) {
            GuestCounters counters = new GuestCounters(new SimpleMeterRegistry());
            RejectedEventStore rejected = new RejectedEventStore(database);
            GuestInbox inbox = new GuestInbox(database);
            GuestFrames frames = new GuestFrames(new ObjectMapper(), clock, "general-support", 1024, counters,
                    new StreamRegistry(new SimpleMeterRegistry()).stream(GuestFrames.FLOW), rejected);
            // two messages per fingerprint and window: the bot's third message is over its limit
            GuestIntake intake = new GuestIntake(new FingerprintRateLimiter(2, Duration.ofMinutes(1), 100, clock),
                    inbox, counters, new ConversationsInFlight(), clock, Duration.ofMinutes(10));
            Exchange exchange = new DefaultExchange(camel);
            exchange.getIn().setBody(List.of(
                    event(message("conv-a", "fp-a", "Hi"), 1),
                    event(message("conv-bot-1", "fp-bot", "Buy now"), 2),
                    event("{not json", 3),
                    event(message("conv-bot-2", "fp-bot", "Buy now"), 4),
                    event(message("conv-bot-3", "fp-bot", "Buy now"), 5),
                    event(message("conv-b", "fp-b", "Hello"), 6),
                    event(message("conv-a", "fp-a", "Anyone?"), 7)));

            GuestFrameBatch batch = frames.read(exchange);
            frames.recordBad(batch);
            intake.limitByFingerprint(batch);
            List<String> toRoute = intake.writeToInbox(batch);

            assertThat(toRoute).map(GuestMessage::fromJson).extracting(GuestMessage::conversationId)
                    .containsExactly("conv-a", "conv-bot-1", "conv-bot-2", "conv-b");
            assertThat(inbox.pendingBefore(NOW.plusSeconds(60))).extracting(GuestMessage::conversationId)
                    .containsExactlyInAnyOrder("conv-a", "conv-bot-1", "conv-bot-2", "conv-b");
            assertThat(GuestMessage.fromJson(toRoute.get(0)).receivedAt()).isEqualTo(NOW.plusMillis(1));
            assertThat(rejected.latest(GuestFrames.FLOW, 10)).extracting(RejectedEvent::reason)
                    .containsExactly("not a JSON object");
            assertThat(counters.received).hasValue(7);
            assertThat(counters.badFrames).hasValue(1);
            assertThat(counters.rateLimited).hasValue(1);
            assertThat(counters.accepted).hasValue(5);
        }
    }

    private static StreamEvent event(String frame, long millisAfterNow) {
        return new StreamEvent(null, null, frame, NOW.toEpochMilli() + millisAfterNow);
    }

    private static String message(String conversationId, String fingerprint, String text) {
        return "{\"type\":\"message\",\"direction\":\"inbound\",\"conversationId\":\"" + conversationId + "\",\"text\":\""
                + text + "\",\"metadata\":{\"browserFingerprint\":\"" + fingerprint + "\"}}";
    }
}
