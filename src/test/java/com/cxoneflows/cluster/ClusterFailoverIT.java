package com.cxoneflows.cluster;

import com.cxoneflows.simulator.SimulatorSettings;
import com.cxoneflows.testing.ContactTruth;
import com.cxoneflows.testing.FreePorts;
import com.cxoneflows.testing.GuestWorld;
import com.cxoneflows.testing.Http;
import com.cxoneflows.testing.ProductProcess;
import com.cxoneflows.testing.SimulatorClient;
import com.cxoneflows.testing.Streams;
import com.fasterxml.jackson.databind.JsonNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

import static com.cxoneflows.testing.GuestWorld.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two packaged products as separate JVMs on one PostgreSQL with the file-lock cluster service, reading contact
 * events, agent events and guest messages from one simulator. The replica that reads is killed with SIGKILL (again
 * and again with {@code -Dcluster.failovers=5}, the README's measurement, each time a new standby started in its
 * place): the standby takes every stream within 15 s, the contacts and agents in the store equal the simulator's
 * truth, nothing is applied twice, every accepted guest message is routed once across both, and the CRM gets each
 * conversation once. A standby answers for the contacts from the table the reader folds into.
 */
class ClusterFailoverIT {

    private static final List<String> STREAMS = List.of("contact-state", "agent-monitor", "guest-routing");
    private static final int CONVERSATIONS_PER_ROUND = 10;

    @TempDir
    Path shared;
    private String agentIds;

    @Test
    void shouldFailOverToTheStandbyWithoutLossOrRepeat() throws Exception {
        int failovers = Integer.getInteger("cluster.failovers", 1);
        int simulatorPort = FreePorts.next();
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
             ProductProcess simulatorProcess = ProductProcess.start(Map.of("cxone.simulator.port", String.valueOf(simulatorPort)),
                     "--simulator-only")) {
            SimulatorClient sim = new SimulatorClient("http://127.0.0.1:" + simulatorPort);
            GuestWorld guests = new GuestWorld(sim.baseUrl());
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                    .until(() -> Http.post(sim.baseUrl() + "/_sim/guests/config", "{\"paused\":true}").status() == 200);
            post(sim, "/_sim/agents/config", Map.of("eventsPerSecond", 100));
            // every event stays resumable: each takeover resumes from the committed cursor, not from a snapshot
            post(sim, "/_sim/contacts/config", Map.of("eventsPerSecond", 200, "retryMs", 100, "retention", 1_000_000));
            List<String> agents = new ArrayList<>();
            Http.get(sim.baseUrl() + "/_sim/agents/truth").json().path("agents").fieldNames().forEachRemaining(agents::add);
            agentIds = String.join(",", agents);

            List<ProductProcess> replicas = new ArrayList<>();
            List<Long> failoverMillis = new ArrayList<>();
            int conversations = 0;
            try {
                ProductProcess reader = ProductProcess.start(product(sim, postgres, "node-0"));
                replicas.add(reader);
                awaitReading(reader);
                for (int round = 1; round <= failovers; round++) {
                    ProductProcess standby = ProductProcess.start(product(sim, postgres, "node-" + round));
                    replicas.add(standby);
                    awaitStandby(standby, reader, round - 1);
                    conversations = sendConversations(guests, conversations);
                    await().atMost(Duration.ofSeconds(30)).until(() -> guests.tasks().size() >= CONVERSATIONS_PER_ROUND * (replicas.size() - 1));

                    long killedAt = System.nanoTime();
                    reader.kill();
                    awaitReading(standby);
                    long took = (System.nanoTime() - killedAt) / 1_000_000;
                    failoverMillis.add(took);
                    System.out.printf("cluster failover %d: the standby read every stream %d ms after the SIGKILL%n", round, took);
                    assertThat(took).as("failover after a SIGKILL, ms").isLessThanOrEqualTo(15_000);
                    reader = standby;
                }
                conversations = sendConversations(guests, conversations);
                assertStoreEqualsTruth(sim, reader);
                assertContactsEqualTruth(sim, reader);
                assertRoutedOnce(guests, conversations);
                for (String stream : List.of("contact-state", "agent-monitor")) {
                    assertThat(Streams.stream(reader.url(""), stream).path("invalidTransitions").asLong()).as(stream).isZero();
                }
                for (ProductProcess replica : replicas) {
                    // the contact store's commit and fold retry a failure (a duplicate key, a stale sequence) in silence
                    assertThat(replica.log()).doesNotContain("Contact store: commit failed", "fold into the contact table failed");
                }
                List<Long> sorted = failoverMillis.stream().sorted().toList();
                System.out.printf("cluster failovers (ms): %s, median %d%n", failoverMillis, sorted.get(sorted.size() / 2));
            } catch (AssertionError | RuntimeException failure) {
                replicas.forEach(replica -> System.out.println("--- replica log\n" + replica.log()));
                printClusterNodes(postgres);
                throw failure;
            } finally {
                replicas.forEach(ProductProcess::close);
            }
        }
    }

    private Map<String, String> product(SimulatorClient sim, EmbeddedPostgres postgres, String node) {
        Map<String, String> product = new HashMap<>(Map.ofEntries(
                Map.entry("cxone.cluster.service", "file"),
                Map.entry("cxone.cluster.node-id", node),
                Map.entry("cxone.cluster.file.root", shared.resolve("lock").toString()),
                Map.entry("cxone.cluster.file.interval", "1s"),
                Map.entry("cxone.cluster.node-timeout", "5s"),
                Map.entry("cxone.store.url", postgres.getJdbcUrl("postgres", "postgres")),
                Map.entry("cxone.store.username", "postgres"),
                Map.entry("cxone.store.password", "postgres"),
                Map.entry("cxone.data-dir", shared.resolve(node).toString()),
                Map.entry("cxone.simulator.enabled", "false"),
                // a fold every 500 contacts, so a standby's answers (the table's) move while the stream never pauses
                Map.entry("cxone.contacts.fold-every", "500"),
                Map.entry("cxone.contacts.retry-delay", "100"),
                Map.entry("cxone.presence.enabled", "false"),
                Map.entry("cxone.adherence.enabled", "false"),
                Map.entry("cxone.api-base-url", sim.baseUrl()),
                Map.entry("cxone.agents.ids", agentIds),
                Map.entry("crm.url", sim.baseUrl() + "/crm/v1/batches"),
                Map.entry("cxone.auth.client-id", SimulatorSettings.DEMO_CLIENT_ID),
                Map.entry("cxone.auth.client-secret", SimulatorSettings.DEMO_CLIENT_SECRET),
                Map.entry("cxone.guest.redrive-after", "2s"),
                Map.entry("cxone.guest.redrive-interval", "1s"),
                Map.entry("crm.batch-size", "5"),
                Map.entry("crm.batch-timeout", "1000"),
                Map.entry("crm.recovery-interval", "1000")));
        return product;
    }

    private static int sendConversations(GuestWorld guests, int sent) {
        List<Map<String, Object>> messages = new ArrayList<>();
        IntStream.range(sent, sent + CONVERSATIONS_PER_ROUND)
                .forEach(i -> messages.add(message("conv-cluster-" + i, "fp-" + i, "Hi " + i, null)));
        // a second message of a conversation is counted on its row, never routed again
        messages.add(message("conv-cluster-" + sent, "fp-" + sent, "Still there?", null));
        guests.send(messages);
        return sent + CONVERSATIONS_PER_ROUND;
    }

    /** The reader connected every stream; its rows name it. */
    private static void awaitReading(ProductProcess replica) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> STREAMS.stream().allMatch(name -> Streams.connected(replica.url(""), name)));
    }

    /** A standby reads nothing, is ready, and names the reader in its rows. */
    private static void awaitStandby(ProductProcess standby, ProductProcess reader, int readerNode) {
        // a JVM start takes long on a busy 2-core machine, next to the reader, the simulator and PostgreSQL
        await().atMost(Duration.ofSeconds(90)).ignoreExceptions().untilAsserted(() -> {
            for (String name : STREAMS) {
                JsonNode row = Streams.stream(standby.url(""), name);
                assertThat(row.path("connected").asBoolean()).as(name + " connected on the standby").isFalse();
                assertThat(row.path("node").asText()).as(name + " node on the standby").isEqualTo("node-" + readerNode);
                assertThat(Streams.stream(reader.url(""), name).path("node").asText()).isEqualTo("node-" + readerNode);
            }
            assertThat(Http.get(standby.url("/observe/health/ready")).status()).isEqualTo(200);
            assertThat(Http.get(standby.url("/api/contacts?limit=1")).json().path("total").asLong())
                    .as("contacts the standby finds in the table").isPositive();
        });
    }

    private static void assertStoreEqualsTruth(SimulatorClient sim, ProductProcess reader) {
        post(sim, "/_sim/agents/config", Map.of("paused", true));
        JsonNode truth = Http.get(sim.baseUrl() + "/_sim/agents/truth").json();
        Map<String, String> expected = new TreeMap<>();
        truth.path("agents").fields().forEachRemaining(a -> expected.put(a.getKey(), a.getValue().path("state").asText()));
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
            Map<String, String> actual = new TreeMap<>();
            expected.keySet().forEach(agent -> actual.put(agent,
                    Http.get(reader.url("/api/agents/" + agent + "/status")).json().path("state").asText()));
            assertThat(actual).isEqualTo(expected);
        });
    }

    /** The reader took every contact event the simulator made, and its store holds the simulator's contacts. */
    private static void assertContactsEqualTruth(SimulatorClient sim, ProductProcess reader) {
        post(sim, "/_sim/contacts/config", Map.of("paused", true));
        String head = ContactTruth.stats(sim).path("logHead").asText();
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> Streams.stream(reader.url(""), "contact-state").path("cursor").asText().equals(head));
        Map<String, String> truth = ContactTruth.simulator(sim);
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() ->
                assertThat(ContactTruth.differences(truth, ContactTruth.product(reader.url("")))).isEmpty());
    }

    /** The simulator's Task Routing log: one 201 per conversation over both replicas; the CRM has each, keyed once. */
    private static void assertRoutedOnce(GuestWorld guests, int conversations) {
        await().atMost(Duration.ofSeconds(60)).until(() -> guests.tasks().size() == conversations);
        for (int i = 0; i < conversations; i++) {
            long routed = guests.calls("conv-cluster-" + i).stream().filter(call -> call.path("status").asInt() == 201).count();
            assertThat(routed).as("201 answers for conv-cluster-" + i).isEqualTo(1);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> guests.crmRecords().size() == conversations);
        assertThat(guests.crmRecords().keySet()).containsExactlyInAnyOrderElementsOf(
                IntStream.range(0, conversations).mapToObj(i -> "conv-cluster-" + i).toList());
        // a batch the killed replica sent and did not confirm is sent again by the other (at least once, as after
        // a single replica's crash): the CRM keeps one record per conversation
        long deliveries = guests.crmBatches().stream().filter(batch -> batch.path("status").asInt() < 300)
                .mapToLong(batch -> batch.path("size").asLong()).sum();
        System.out.printf("cluster CRM: %d conversations, %d records delivered%n", conversations, deliveries);
    }

    private static void printClusterNodes(EmbeddedPostgres postgres) throws SQLException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             ResultSet rows = connection.createStatement().executeQuery("SELECT node_id, reads_streams, seen_at, now() FROM cluster_node")) {
            while (rows.next()) {
                System.out.printf("cluster_node %s reads=%s seen=%s now=%s%n", rows.getString(1), rows.getBoolean(2),
                        rows.getString(3), rows.getString(4));
            }
        }
    }

    private static void post(SimulatorClient sim, String path, Map<String, Object> body) {
        assertThat(Http.post(sim.baseUrl() + path, Http.json(body)).status()).isEqualTo(200);
    }
}
