package com.cxoneflows.adherence;

import com.cxoneflows.simulator.SimulatorSettings;
import com.cxoneflows.testing.AdherenceTruth;
import com.cxoneflows.testing.FreePorts;
import com.cxoneflows.testing.Http;
import com.cxoneflows.testing.ProductProcess;
import com.cxoneflows.testing.SimulatorClient;
import com.cxoneflows.testing.Streams;
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
 * The packaged product is killed with SIGKILL mid-stream and restarted on the same data folder: it resumes from the
 * committed sequenceId without a baseline while the server still retains it (one baseline when it does not), applies
 * every event after it exactly once, and ends equal to the simulator's truth.
 */
class AdherenceCrashIT {

    private static final int COMMIT_EVERY = 50;

    @TempDir
    Path dataDir;

    @Test
    void shouldResumeWithoutABaselineWithinRetentionAndTakeOneBeyondIt() {
        int simulatorPort = FreePorts.next();
        try (ProductProcess simulatorProcess = ProductProcess.start(Map.of("cxone.simulator.port", String.valueOf(simulatorPort)),
                "--simulator-only")) {
            SimulatorClient sim = new SimulatorClient("http://127.0.0.1:" + simulatorPort);
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                    .until(() -> Http.get(sim.baseUrl() + "/_sim/adherence/stats").status() == 200);
            sim.adherence("config", Map.of("eventsPerSecond", 200, "retention", 100_000));
            Map<String, String> product = Map.ofEntries(
                    Map.entry("cxone.simulator.enabled", "false"),
                    Map.entry("cxone.contacts.enabled", "false"),
                    Map.entry("cxone.agents.enabled", "false"),
                    Map.entry("cxone.guest.enabled", "false"),
                    Map.entry("cxone.api-base-url", sim.baseUrl()),
                    Map.entry("cxone.auth.client-id", SimulatorSettings.DEMO_CLIENT_ID),
                    Map.entry("cxone.auth.client-secret", SimulatorSettings.DEMO_CLIENT_SECRET),
                    Map.entry("cxone.data-dir", dataDir.toString()),
                    Map.entry("cxone.adherence.commit-every", String.valueOf(COMMIT_EVERY)),
                    // a long interval: only full groups commit, so the open group at the kill is what replays
                    Map.entry("cxone.adherence.commit-interval", "60s"),
                    Map.entry("cxone.adherence.retry-delay", "100"));

            // 1. killed while events flow, at a moment nobody chose
            try (ProductProcess first = ProductProcess.start(product)) {
                await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                        .until(() -> Streams.stream(first.url(""), "adherence").path("events").asLong() >= 300);
                first.kill();
            }
            assertThat(baselinesServed(sim)).isEqualTo(1);

            // 2. restarted while the server retains everything: it resumes where the store stands, without a baseline
            long taken;
            try (ProductProcess second = ProductProcess.start(product)) {
                long resumedFrom = awaitSubscribed(second, sim, 2);
                sim.adherence("config", Map.of("paused", true));
                assertAppliedOnceUpToTruth(second, sim, resumedFrom);
                taken = Long.parseLong(Streams.stream(second.url(""), "adherence").path("cursor").asText());
                second.kill();
            }
            assertThat(baselinesServed(sim)).as("baselines a restart within retention costs").isEqualTo(1);

            // 3. killed with an open group whose size we know: the stream stood still and the flow had taken all of it
            try (ProductProcess third = ProductProcess.start(product)) {
                long resumedFrom = awaitSubscribed(third, sim, 3);
                long replayed = taken - resumedFrom;
                System.out.printf("adherence crash test: last sequenceId taken %d, durable %d, %d events replayed, 0 baselines%n",
                        taken, resumedFrom, replayed);
                assertThat(replayed).as("events replayed after the kill").isBetween(0L, (long) COMMIT_EVERY - 1);
                assertAppliedOnceUpToTruth(third, sim, resumedFrom);
                third.kill();
            }
            assertThat(baselinesServed(sim)).isEqualTo(1);

            // 4. restarted after the server dropped what follows the stored sequenceId: one baseline
            sim.adherence("config", Map.of("retention", 10));
            sim.adherence("generate", Map.of("count", 1000));
            try (ProductProcess fourth = ProductProcess.start(product)) {
                await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() ->
                        assertThat(AdherenceTruth.product(fourth.url(""))).isEqualTo(AdherenceTruth.simulator(sim)));
                assertThat(sim.adherence("stats").path("staleRejections").asLong()).isEqualTo(1);
                assertThat(baselinesServed(sim)).as("baselines a restart beyond retention costs").isEqualTo(2);
                System.out.println("adherence crash test: a restart beyond retention took 1 baseline");
            }
        }
    }

    private static long baselinesServed(SimulatorClient sim) {
        return sim.adherence("stats").path("baselinesServed").asLong();
    }

    /** Waits for the product's n-th acknowledged subscription, and returns the sequenceId it named. */
    private static long awaitSubscribed(ProductProcess product, SimulatorClient sim, int nth) {
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> acks(sim).size() >= nth
                && Streams.connected(product.url(""), "adherence"));
        return Long.parseLong(acks(sim).get(nth - 1).path("detail").path("sequenceId").asText());
    }

    private static List<JsonNode> acks(SimulatorClient sim) {
        return sim.requests("/notifications/v1/stream").stream()
                .filter(r -> r.path("method").asText().equals("WS") && r.path("status").asInt() == 200).toList();
    }

    /** The product equals the (paused) truth, having applied each event after {@code resumedFrom} exactly once. */
    private static void assertAppliedOnceUpToTruth(ProductProcess product, SimulatorClient sim, long resumedFrom) {
        Map<String, String> truth = AdherenceTruth.simulator(sim);
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() ->
                assertThat(AdherenceTruth.product(product.url(""))).isEqualTo(truth));
        long head = Long.parseLong(truth.get("sequenceId"));
        String metrics = Http.get(product.url("/observe/metrics")).body();
        assertThat(meter(metrics, "cxone_adherence_events_total")).isEqualTo(head - resumedFrom);
        assertThat(meter(metrics, "cxone_adherence_duplicates_total")).isZero();
        assertThat(meter(metrics, "cxone_adherence_baselines_total")).isZero();
    }

    private static double meter(String metrics, String name) {
        return metrics.lines().filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).findFirst()
                .orElseThrow(() -> new AssertionError("no meter " + name));
    }
}
