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
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static com.cxoneflows.testing.GuestWorld.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * At the smallest {@code crm.batch-size} the product accepts (2: conversations go one at a time, each starting or
 * completing a batch), the packaged product is killed with SIGKILL once every conversation is marked routed and
 * batches were completed, while the CRM answers 503, and restarted on the same data folder: every record reaches the
 * CRM. (At size 1, which the product now refuses, Camel's aggregator completed each batch before ever storing it,
 * and no record reached the CRM after the restart.)
 */
class CrmBatchSizeCrashIT {

    private static final int CONVERSATIONS = 3;
    private static final String SMALLEST_BATCH_SIZE = "2";

    @TempDir
    Path dataDir;

    @Test
    void shouldSendEveryRoutedConversationsRecordAfterAKillAtTheSmallestBatchSize() {
        try (GuestSimulatorProcess simulator = GuestSimulatorProcess.start()) {
            SimulatorClient sim = simulator.client();
            GuestWorld guests = simulator.guests();
            Map<String, String> product = simulator.productSettings(dataDir, Map.of("crm.batch-size", SMALLEST_BATCH_SIZE));
            sim.fault(Map.of("target", "crm", "status", 503, "times", -1));

            try (ProductProcess first = ProductProcess.start(product)) {
                await().atMost(Duration.ofSeconds(30)).until(() -> Streams.connected(first.url(""), "guest-routing"));
                guests.send(IntStream.range(0, CONVERSATIONS)
                        .mapToObj(i -> message("conv-small-" + i, "fp-" + i, "Hi " + i, null)).toList());
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    JsonNode stats = Http.get(first.url("/api/guests/stats")).json();
                    assertThat(stats.path("routedConversations").asLong()).isEqualTo(CONVERSATIONS);
                    assertThat(stats.path("pending").asLong()).isZero();
                });
                // batches completed and refused by the CRM: the kill comes between completion and the CRM's success
                await().atMost(Duration.ofSeconds(30)).until(() -> guests.crmBatches().size() >= 2 * CONVERSATIONS);
                assertThat(guests.crmRecords()).isEmpty();
                first.kill();
            }

            sim.clearFaults();
            try (ProductProcess second = ProductProcess.start(product)) {
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(guests.crmRecords())
                        .containsOnlyKeys(List.of("conv-small-0", "conv-small-1", "conv-small-2")));
            }
        }
    }
}
