package com.cxoneflows.cluster;

import com.cxoneflows.testing.FreePorts;
import com.cxoneflows.testing.Http;
import com.cxoneflows.testing.RunningProduct;
import com.cxoneflows.testing.Streams;
import com.fasterxml.jackson.databind.JsonNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One replica with the file-lock service on PostgreSQL (and the embedded simulator): it takes the lock, reads its streams and
 * names itself in each row of /api/streams; without a cluster the rows name nobody.
 */
class StreamLeadershipTest {

    @TempDir
    Path lock;

    @Test
    void shouldLetOneReplicaReadAndTheStandbyNameIt() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
             RunningProduct reader = RunningProduct.start(replica(postgres, "replica-a"))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> Streams.connected(reader.url(""), "contact-state"));
            assertNodes(reader, "replica-a");
            try (RunningProduct standby = RunningProduct.start(replica(postgres, "replica-b"))) {
                assertNodes(standby, "replica-a");
                assertThat(Streams.stream(standby.url(""), "contact-state").path("node").asText()).isEqualTo("replica-a");
                assertThat(Streams.connected(standby.url(""), "contact-state")).isFalse();
                // a standby is ready: it serves the API
                assertThat(Http.get(standby.url("/observe/health/ready")).status()).isEqualTo(200);
            }
        }
    }

    private Map<String, String> replica(EmbeddedPostgres postgres, String node) {
        return Map.of("cxone.cluster.service", "file", "cxone.cluster.node-id", node,
                "cxone.cluster.file.root", lock.toString(), "cxone.simulator.port", String.valueOf(FreePorts.next()),
                "cxone.store.url", postgres.getJdbcUrl("postgres", "postgres"), "cxone.store.username", "postgres",
                "cxone.store.password", "postgres", "cxone.presence.enabled", "false", "cxone.adherence.enabled", "false");
    }

    private static void assertNodes(RunningProduct product, String node) {
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            for (JsonNode row : Http.get(product.url("/api/streams")).json().path("streams")) {
                assertThat(row.path("node").asText()).as(row.path("name").asText()).isEqualTo(node);
            }
        });
    }

    @Test
    void shouldNameNobodyOutsideACluster() {
        try (RunningProduct product = RunningProduct.start(Map.of("cxone.presence.enabled", "false",
                "cxone.adherence.enabled", "false"))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> Streams.connected(product.url(""), "contact-state"));
            for (JsonNode row : Http.get(product.url("/api/streams")).json().path("streams")) {
                assertThat(row.has("node")).isTrue();
                assertThat(row.path("node").isNull()).as(row.path("name").asText()).isTrue();
            }
        }
    }
}
