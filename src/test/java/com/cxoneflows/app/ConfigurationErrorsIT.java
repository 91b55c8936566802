package com.cxoneflows.app;

import com.cxoneflows.testing.ProductProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The packaged jar checks every setting before it builds anything: all problems at once, one line each, exit 78. */
class ConfigurationErrorsIT {

    @TempDir
    Path folder;

    @Test
    void shouldListEverySettingToFixWhenOnlyCredentialsAreSet() {
        try (ProductProcess product = ProductProcess.start(Map.of(
                "cxone.data-dir", folder.toString(),
                "cxone.auth.client-id", "tenant-client",
                "cxone.auth.client-secret", "tenant-secret-42",
                "cxone.contacts.commit-every", "abc"))) {

            assertThat(product.exitCode(Duration.ofSeconds(60))).isEqualTo(CxoneFlowsMain.CONFIGURATION_ERROR);
            String log = product.log();
            List<String> lines = log.lines().toList();
            for (String key : List.of("cxone.api-base-url", "cxone.ws-base-url", "cxone.agents.ids", "crm.url",
                    "cxone.contacts.commit-every")) {
                assertThat(lines).as(key).filteredOn(line -> line.strip().startsWith(key)).hasSize(1);
            }
            assertThat(log).doesNotContain("\tat ").doesNotContain("Exception").doesNotContain("tenant-secret-42");
        }
    }

    @Test
    void shouldNameEveryKeyMissingFromTheFile() throws IOException {
        // one key a flow's Java reads, one only a route reads
        copyProductFiles(line -> !line.startsWith("cxone.contacts.commit-every") && !line.startsWith("crm.batch-size"));
        try (ProductProcess product = ProductProcess.startIn(folder, Map.of("cxone.data-dir", folder.resolve("data").toString()))) {

            assertThat(product.exitCode(Duration.ofSeconds(60))).isEqualTo(CxoneFlowsMain.CONFIGURATION_ERROR);
            assertThat(product.log()).contains("cxone.contacts.commit-every: not set").contains("crm.batch-size: not set")
                    .doesNotContain("\tat ");
        }
    }

    private void copyProductFiles(Predicate<String> keep) throws IOException {
        Files.write(folder.resolve("application.properties"),
                Files.readAllLines(Path.of("application.properties")).stream().filter(keep).toList());
        Files.createDirectories(folder.resolve("routes"));
        try (Stream<Path> routes = Files.list(Path.of("routes"))) {
            for (Path route : routes.toList()) {
                Files.copy(route, folder.resolve("routes").resolve(route.getFileName()));
            }
        }
    }
}
