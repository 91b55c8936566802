package com.cxoneflows.guest;

import com.cxoneflows.testing.Http;
import com.cxoneflows.testing.ProductProcess;
import com.cxoneflows.testing.RunningProduct;
import com.cxoneflows.testing.Streams;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code java -jar cxone-flows.jar --simulate …} plays guests and bots that the guest-routing flow then handles. */
class GuestSimulateCommandIT {

    @Test
    void shouldPlayGuestsAndBotsThatTheFlowRoutesAndLimits() {
        try (RunningProduct product = RunningProduct.start(Map.of("cxone.contacts.enabled", "false",
                "cxone.agents.enabled", "false", "cxone.simulator.guest-traffic", "false"))) {
            String guestSocket = product.simulator().baseUrl().replaceFirst("^http", "ws") + "/webchat/v1/guest";
            await().atMost(Duration.ofSeconds(15)).until(() -> Streams.connected(product.url(""), "guest-routing"));

            try (ProductProcess command = ProductProcess.start(Map.of(), "--simulate", "--url", guestSocket,
                    "--guests", "5", "--messages", "2", "--bots", "1", "--bot-burst", "15", "--seconds", "1")) {
                await().atMost(Duration.ofSeconds(30)).until(() -> !command.isAlive());
                assertThat(command.log()).contains("Sent 10 guest and 15 bot message(s); the simulator refused 0");
            }

            // default limit: 10 messages per fingerprint and minute, so 5 of the bot's are rejected
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                JsonNode stats = Http.get(product.url("/api/guests/stats")).json();
                assertThat(stats.path("received").asLong()).isEqualTo(25);
                assertThat(stats.path("rateLimited").asLong()).isEqualTo(5);
                assertThat(stats.path("routedConversations").asLong()).isEqualTo(15);
            });
        }
    }

    @Test
    void shouldRefuseAnUnknownOptionWithItsReason() {
        try (ProductProcess command = ProductProcess.start(Map.of(), "--simulate", "--guest", "5")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> !command.isAlive());
            assertThat(command.log()).contains("--simulate: unknown option(s) [guest]");
        }
    }
}
