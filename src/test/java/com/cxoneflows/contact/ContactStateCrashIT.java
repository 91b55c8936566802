package com.cxoneflows.contact;

import com.cxoneflows.simulator.SimulatorSettings;
import com.cxoneflows.testing.ContactTruth;
import com.cxoneflows.testing.FreePorts;
import com.cxoneflows.testing.Http;
import com.cxoneflows.testing.ProductProcess;
import com.cxoneflows.testing.SimulatorClient;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged product is killed with SIGKILL mid-stream and restarted on the same data folder: nothing is lost,
 * the store equals the simulator's truth, and the restart replays at most one commit group.
 */
class ContactStateCrashIT {

    private static final int COMMIT_EVERY = 200;

    @TempDir
    Path dataDir;

    @Test
    void shouldLoseNothingAndReplayAtMostOneGroupWhenKilled() {
        int simulatorPort = FreePorts.next();
        try (ProductProcess simulatorProcess = ProductProcess.start(Map.of("cxone.simulator.port", String.valueOf(simulatorPort)),
                "--simulator-only")) {
            SimulatorClient sim = new SimulatorClient("http://127.0.0.1:" + simulatorPort);
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                    .until(() -> Http.get(sim.baseUrl() + "/_sim/contacts/stats").status() == 200);
            post(sim, "/_sim/contacts/config", Map.of("eventsPerSecond", 400, "retryMs", 100, "retention", 100_000));
            Map<String, String> product = Map.ofEntries(
                    Map.entry("cxone.simulator.enabled", "false"),
                    Map.entry("cxone.guest.enabled", "false"),
                    Map.entry("cxone.agents.enabled", "false"),
                    Map.entry("cxone.api-base-url", sim.baseUrl()),
                    Map.entry("cxone.auth.client-id", SimulatorSettings.DEMO_CLIENT_ID),
                    Map.entry("cxone.auth.client-secret", SimulatorSettings.DEMO_CLIENT_SECRET),
                    Map.entry("cxone.data-dir", dataDir.toString()),
                    Map.entry("cxone.contacts.commit-every", String.valueOf(COMMIT_EVERY)),
                    // a long interval: only full groups commit, so the open group at the kill is what replays
                    Map.entry("cxone.contacts.commit-interval", "60s"),
                    Map.entry("cxone.contacts.retry-delay", "100"));

            // 1. killed while events flow, at a moment nobody chose
            try (ProductProcess first = ProductProcess.start(product)) {
                awaitEvents(first, 600);
                first.kill();
            }

            // 2. killed with an open group whose size we know: the stream holds still, the flow has taken all it sent
            try (ProductProcess second = ProductProcess.start(product)) {
                awaitEvents(second, 500);
                post(sim, "/_sim/contacts/faults", Map.of("kind", "quiet", "durationMs", 20_000));
                String taken = awaitStillCursor(second);
                second.kill();

                try (ProductProcess third = ProductProcess.start(product)) {
                    await().atMost(Duration.ofSeconds(30)).until(() -> connections(sim).size() >= 3);
                    String resumedFrom = connections(sim).get(connections(sim).size() - 1).path("detail").path("lastEventId").asText();
                    long replayed = Long.parseLong(taken) - Long.parseLong(resumedFrom);
                    System.out.printf("crash test: durable cursor %s, last event taken %s, %d events replayed%n", resumedFrom, taken, replayed);
                    // the simulator makes events in 50 ms ticks (20 at 400/s), so about one kill in ten falls right
                    // after a full group, with nothing open to replay (a clean-clone run met it once)
                    assertThat(replayed).as("events replayed after the kill").isBetween(0L, (long) COMMIT_EVERY - 1);

                    post(sim, "/_sim/contacts/config", Map.of("paused", true));
                    String head = Http.get(sim.baseUrl() + "/_sim/contacts/stats").json().path("logHead").asText();
                    await().atMost(Duration.ofSeconds(30)).until(() -> cursor(third).equals(head));
                    // commits are by group size here: stop cleanly so the last open group commits
                    third.close();
                }
            }
            try (ProductProcess check = ProductProcess.start(product)) {
                await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() ->
                        assertThat(ContactTruth.product(check.url(""))).isEqualTo(ContactTruth.simulator(sim)));
            }
        }
    }

    private static void post(SimulatorClient sim, String path, Map<String, Object> body) {
        assertThat(Http.post(sim.baseUrl() + path, Http.json(body)).status()).isEqualTo(200);
    }

    private static List<JsonNode> connections(SimulatorClient sim) {
        return sim.requests("/api/v2/realtime/contacts/stream").stream().filter(r -> r.path("status").asInt() == 200).toList();
    }

    private static JsonNode stream(ProductProcess product) {
        for (JsonNode stream : Http.get(product.url("/api/streams")).json().path("streams")) {
            if (stream.path("name").asText().equals("contact-state")) {
                return stream;
            }
        }
        throw new AssertionError("no contact-state stream");
    }

    private static String cursor(ProductProcess product) {
        return stream(product).path("cursor").asText();
    }

    private static void awaitEvents(ProductProcess product, long events) {
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> stream(product).path("events").asLong() >= events);
    }

    /** Waits until the cursor stops moving (the quiet stream sends nothing more) and returns it. */
    private static String awaitStillCursor(ProductProcess product) {
        String[] last = {""};
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
            String now = cursor(product);
            boolean still = now.equals(last[0]);
            last[0] = now;
            return still;
        });
        return last[0];
    }
}
