package com.cxoneflows.guest;

import com.cxoneflows.testing.GuestWorld;
import com.cxoneflows.testing.Http;
import com.cxoneflows.testing.ProductProcess;
import com.cxoneflows.testing.SimulatorClient;
import com.cxoneflows.testing.Streams;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static com.cxoneflows.testing.GuestWorld.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged product is killed with SIGKILL while Task Routing answers 503, and again while the CRM answers
 * 503, and restarted on the same data folder each time: every accepted message ends routed, none twice, and
 * every routed conversation reaches the CRM from the batches kept in the store.
 */
class GuestRoutingCrashIT {

    private static final int CONVERSATIONS = 40;

    @TempDir
    Path dataDir;

    @Test
    void shouldRouteEveryAcceptedConversationOnceAfterAKill() {
        try (GuestSimulatorProcess simulator = GuestSimulatorProcess.start()) {
            SimulatorClient sim = simulator.client();
            GuestWorld guests = simulator.guests();
            Map<String, String> product = simulator.productSettings(dataDir, Map.of(
                    "cxone.guest.routing.redelivery-delay", "200",
                    "cxone.guest.routing.max-redelivery-delay", "1000",
                    "cxone.guest.routing.max-attempts", "100",
                    "crm.batch-size", "5"));
            sim.fault(Map.of("target", "task-routing", "status", 503, "times", -1));

            List<Map<String, Object>> messages = new ArrayList<>();
            IntStream.range(0, CONVERSATIONS).forEach(i -> messages.add(message("conv-crash-" + i, "fp-" + i, "Hi " + i, null)));
            IntStream.range(0, 5).forEach(i -> messages.add(message("conv-crash-" + i, "fp-" + i, "Still there?", null)));
            try (ProductProcess first = ProductProcess.start(product)) {
                awaitConnected(first);
                guests.send(messages);
                await().atMost(Duration.ofSeconds(30)).until(() -> stats(first).path("accepted").asLong() == messages.size());
                assertThat(stats(first).path("pending").asLong()).isEqualTo(CONVERSATIONS);
                assertThat(guests.tasks()).isEmpty();
                first.kill();
            }

            // routed after the restart, while the CRM answers 503: killed with batches completed but not accepted
            try (ProductProcess second = ProductProcess.start(product)) {
                awaitConnected(second);
                sim.fault(Map.of("target", "crm", "status", 503, "times", -1));
                Http.delete(sim.baseUrl() + "/_sim/faults?target=task-routing");
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    JsonNode stats = stats(second);
                    assertThat(stats.path("routedConversations").asLong()).isEqualTo(CONVERSATIONS);
                    assertThat(stats.path("pending").asLong()).isZero();
                });
                assertThat(stats(second).path("deadLetteredConversations").asLong()).isZero();
                await().atMost(Duration.ofSeconds(30)).until(() -> guests.crmBatches().size() >= 3);
                assertThat(guests.crmRecords()).isEmpty();
                second.kill();
            }
            assertThat(guests.tasks()).hasSize(CONVERSATIONS);
            for (int i = 0; i < CONVERSATIONS; i++) {
                long routedCalls = guests.calls("conv-crash-" + i).stream().filter(call -> call.path("status").asInt() == 201).count();
                assertThat(routedCalls).as("201 answers for conv-crash-" + i).isEqualTo(1);
            }

            // the CRM is back: the batches kept in the store reach it
            sim.clearFaults();
            try (ProductProcess third = ProductProcess.start(product)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> guests.crmRecords().size() == CONVERSATIONS);
                assertThat(guests.crmRecords().get("conv-crash-0").path("last_message").asText()).isEqualTo("Hi 0");
            }
        }
    }

    private static void awaitConnected(ProductProcess product) {
        await().atMost(Duration.ofSeconds(30)).until(() -> Streams.connected(product.url(""), "guest-routing"));
    }

    private static JsonNode stats(ProductProcess product) {
        return Http.get(product.url("/api/guests/stats")).json();
    }
}
