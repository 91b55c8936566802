package com.cxoneflows.simulator;

import com.cxoneflows.testing.Http;
import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Contract §5 as the simulator plays it, over real WebSocket and HTTP connections. */
class AdherenceSimulatorTest extends SimulatorOverSockets {

    private static final String STREAM = "/notifications/v1/stream";

    /** One client socket: the frames it got as JSON, and how it closed. */
    private static final class NotificationSocket {

        private final WebSocket ws;
        private final List<JsonNode> frames = new ArrayList<>();
        private volatile Short closeCode;

        private NotificationSocket(WebSocket ws) {
            this.ws = ws;
            ws.textMessageHandler(text -> received(parse(text)));
            ws.closeHandler(closed -> closeCode = ws.closeStatusCode() == null ? 1006 : ws.closeStatusCode());
            ws.exceptionHandler(dropped -> {
                // an abrupt close is reported here as well as to the close handler
            });
        }

        private synchronized void received(JsonNode frame) {
            frames.add(frame);
        }

        synchronized List<JsonNode> frames() {
            return List.copyOf(frames);
        }

        synchronized List<Long> events() {
            return frames.stream().filter(f -> f.path("type").asText().equals("adherence"))
                    .map(f -> f.path("sequenceId").asLong()).toList();
        }

        void subscribe(long sequenceId, List<String> agentIds) {
            ws.writeTextMessage(Http.json(Map.of("action", "subscribe",
                    "payload", Map.of("sequenceId", sequenceId, "resources", List.of("adherence"), "agentIds", agentIds))));
        }
    }

    @BeforeEach
    void pauseTraffic() {
        sim.adherence("config", Map.of("paused", true));
    }

    private NotificationSocket connect(String token) throws Exception {
        return connect(STREAM, token, NotificationSocket::new);
    }

    private JsonNode baseline(String token) throws Exception {
        HttpResponse<String> answer = HTTP_1_1.send(HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/api/v2/wfm/schedules"))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        return parse(answer.body());
    }

    private long generate(int count) {
        return sim.adherence("generate", Map.of("count", count)).path("sequenceId").asLong();
    }

    @Test
    void shouldAnswerTheBaselineAsOfTheLatestSequenceIdOnlyWithAToken() throws Exception {
        HttpResponse<String> refused = HTTP_1_1.send(HttpRequest.newBuilder(URI.create(simulator.baseUrl()
                + "/api/v2/wfm/schedules")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(401);
        long head = generate(30);

        JsonNode baseline = baseline(token());
        JsonNode truth = sim.adherence("truth");
        assertThat(baseline.path("sequenceId").asLong()).isEqualTo(head).isEqualTo(truth.path("sequenceId").asLong());
        assertThat(baseline.path("agents")).hasSize(200).allSatisfy(agent -> {
            JsonNode known = truth.path("agents").path(agent.path("agentId").asText());
            assertThat(agent.path("actualState").asText()).isEqualTo(known.path("actualState").asText());
            assertThat(agent.path("inAdherence").asBoolean()).isEqualTo(known.path("inAdherence").asBoolean());
        });
        assertThat(sim.adherence("stats").path("baselinesServed").asLong()).isEqualTo(1);
    }

    @Test
    void shouldAckThenReplayWhatFollowsTheSequenceIdThenSendLiveEvents() throws Exception {
        long from = baseline(token()).path("sequenceId").asLong();
        generate(10);
        NotificationSocket socket = connect(token());
        socket.subscribe(from, List.of());
        long head = generate(5);

        await().atMost(Duration.ofSeconds(5)).until(() -> socket.events().size() == 15);
        assertThat(socket.frames().get(0).path("type").asText()).isEqualTo("subscribe.ack");
        assertThat(socket.frames().get(0).path("sequenceId").asLong()).isEqualTo(from);
        assertThat(socket.events()).isSorted().doesNotHaveDuplicates().startsWith(from + 1).endsWith(head);
    }

    @Test
    void shouldRefuseASequenceIdOlderThanRetentionAsStale() throws Exception {
        long from = baseline(token()).path("sequenceId").asLong();
        sim.adherence("config", Map.of("retention", 10));
        generate(11);
        NotificationSocket socket = connect(token());
        socket.subscribe(from, List.of());

        await().atMost(Duration.ofSeconds(5)).until(() -> !socket.frames().isEmpty());
        assertThat(socket.frames().get(0).path("type").asText()).isEqualTo("subscribe.reject");
        assertThat(socket.frames().get(0).path("reason").asText()).isEqualTo("stale_sequence");
        assertThat(sim.adherence("stats").path("staleRejections").asLong()).isEqualTo(1);
    }

    @Test
    void shouldWithholdAGapSendDuplicatesAndFilterByAgent() throws Exception {
        JsonNode baseline = baseline(token());
        long from = baseline.path("sequenceId").asLong();
        List<String> half = new ArrayList<>();
        baseline.path("agents").forEach(agent -> half.add(agent.path("agentId").asText()));
        half.subList(100, half.size()).clear();
        NotificationSocket all = connect(token());
        all.subscribe(from, List.of());
        NotificationSocket some = connect(token());
        some.subscribe(from, half);
        await().atMost(Duration.ofSeconds(5)).until(() -> all.frames().size() == 1 && some.frames().size() == 1);
        sim.adherence("faults", Map.of("kind", "gap", "count", 2));
        long head = generate(400);
        sim.adherence("faults", Map.of("kind", "duplicates", "count", 3));

        await().atMost(Duration.ofSeconds(5)).until(() -> all.events().size() == 398 + 3);
        List<Long> events = all.events();
        assertThat(events.get(0)).isEqualTo(from + 3);
        assertThat(events.get(397)).isEqualTo(head);
        assertThat(events.subList(398, 401)).isEqualTo(events.subList(395, 398));
        List<Long> ofHalf = all.frames().stream().skip(1).limit(398)
                .filter(frame -> half.contains(frame.path("payload").path("agentId").asText()))
                .map(frame -> frame.path("sequenceId").asLong()).toList();
        await().atMost(Duration.ofSeconds(5)).until(() -> some.events().size() == ofHalf.size() + 3);
        assertThat(some.events().subList(0, ofHalf.size())).isEqualTo(ofHalf);
    }

    @Test
    void shouldClose4001WhenTheTokenIsRevokedAndRefuseUpgradesWithoutOne() throws Exception {
        assertThatThrownBy(() -> connect(null))
                .satisfies(error -> assertThat(((UpgradeRejectedException) error.getCause()).getStatus()).isEqualTo(401));
        NotificationSocket socket = connect(token());
        sim.revokeTokens();

        await().atMost(Duration.ofSeconds(5)).until(() -> socket.closeCode != null);
        assertThat(socket.closeCode).isEqualTo((short) 4001);
    }
}
