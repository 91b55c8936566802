package com.cxoneflows.guest;

import com.cxoneflows.simulator.SimulatorSettings;
import com.cxoneflows.testing.FreePorts;
import com.cxoneflows.testing.GuestWorld;
import com.cxoneflows.testing.Http;
import com.cxoneflows.testing.ProductProcess;
import com.cxoneflows.testing.SimulatorClient;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/**
 * The simulator in a JVM of its own, for the guest ITs that kill the product: it outlives every product started on
 * it, and plays no guest traffic of its own.
 */
final class GuestSimulatorProcess implements AutoCloseable {

    private final ProductProcess process;
    private final SimulatorClient client;

    private GuestSimulatorProcess(ProductProcess process, SimulatorClient client) {
        this.process = process;
        this.client = client;
    }

    static GuestSimulatorProcess start() {
        int port = FreePorts.next();
        ProductProcess process = ProductProcess.start(Map.of("cxone.simulator.port", String.valueOf(port)), "--simulator-only");
        SimulatorClient client = new SimulatorClient("http://127.0.0.1:" + port);
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                .until(() -> Http.post(client.baseUrl() + "/_sim/guests/config", "{\"paused\":true}").status() == 200);
        return new GuestSimulatorProcess(process, client);
    }

    SimulatorClient client() {
        return client;
    }

    GuestWorld guests() {
        return new GuestWorld(client.baseUrl());
    }

    /** A product with only the guest flow, on this simulator and {@code dataDir}, CRM batches retried fast; then {@code overrides}. */
    Map<String, String> productSettings(Path dataDir, Map<String, String> overrides) {
        Map<String, String> settings = new HashMap<>(Map.ofEntries(
                Map.entry("cxone.simulator.enabled", "false"),
                Map.entry("cxone.contacts.enabled", "false"),
                Map.entry("cxone.agents.enabled", "false"),
                Map.entry("cxone.api-base-url", client.baseUrl()),
                Map.entry("crm.url", client.baseUrl() + "/crm/v1/batches"),
                Map.entry("cxone.auth.client-id", SimulatorSettings.DEMO_CLIENT_ID),
                Map.entry("cxone.auth.client-secret", SimulatorSettings.DEMO_CLIENT_SECRET),
                Map.entry("cxone.data-dir", dataDir.toString()),
                Map.entry("crm.batch-timeout", "1000"),
                Map.entry("crm.max-attempts", "100"),
                Map.entry("crm.redelivery-delay", "200"),
                Map.entry("crm.max-redelivery-delay", "1000"),
                Map.entry("crm.recovery-interval", "1000")));
        settings.putAll(overrides);
        return settings;
    }

    @Override
    public void close() {
        process.close();
    }
}
