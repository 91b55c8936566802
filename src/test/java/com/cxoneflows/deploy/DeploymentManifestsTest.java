package com.cxoneflows.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** Proves the Docker, Compose, Kubernetes and Camel K files parse and agree on port 8080, the health paths and a non-root user. */
class DeploymentManifestsTest {

    private static final Path DEPLOY_DIR = Path.of("deploy");
    private static final Path DOCKER_DIR = Path.of("docker");
    private static final Path DOCKERFILE = DOCKER_DIR.resolve("Dockerfile");
    private static final Path COMPOSE_FILE = DOCKER_DIR.resolve("compose.yaml");
    private static final int HTTP_PORT = 8080;
    private static final String LIVENESS_PATH = "/observe/health/live";
    private static final String READINESS_PATH = "/observe/health/ready";

    @Test
    void shouldParseEveryManifest() throws IOException {
        List<Path> files = new ArrayList<>(yamlFiles(DEPLOY_DIR));
        files.addAll(yamlFiles(DOCKER_DIR));

        assertThat(files).as("YAML files under deploy/ and docker/").isNotEmpty().contains(COMPOSE_FILE);
        for (Path file : files) {
            assertThat(loadAll(file)).as("documents in %s", file).isNotEmpty().doesNotContainNull();
        }
    }

    @Test
    void shouldNameEveryKubernetesDocument() throws IOException {
        List<Map<String, Object>> documents = kubernetesDocuments();

        assertThat(documents).isNotEmpty();
        for (Map<String, Object> document : documents) {
            assertThat(document.get("apiVersion")).as("apiVersion of %s", document).isInstanceOf(String.class);
            assertThat((String) document.get("apiVersion")).isNotBlank();
            assertThat(document.get("kind")).as("kind of %s", document).isInstanceOf(String.class);
            assertThat((String) document.get("kind")).isNotBlank();
            assertThat(path(document, "metadata", "name")).as("metadata.name of %s", document.get("kind"))
                    .isInstanceOf(String.class);
            assertThat((String) path(document, "metadata", "name")).isNotBlank();
        }
    }

    @Test
    void shouldProbeHealthEndpointsOnHttpPort() throws IOException {
        Map<String, Object> container = deploymentContainer();

        assertThat(path(container, "livenessProbe", "httpGet", "path")).isEqualTo(LIVENESS_PATH);
        assertThat(path(container, "livenessProbe", "httpGet", "port")).isEqualTo(HTTP_PORT);
        assertThat(path(container, "readinessProbe", "httpGet", "path")).isEqualTo(READINESS_PATH);
        assertThat(path(container, "readinessProbe", "httpGet", "port")).isEqualTo(HTTP_PORT);
        assertThat(path(container, "startupProbe", "httpGet", "port")).isEqualTo(HTTP_PORT);
    }

    @Test
    void shouldRunDeploymentAsNonRoot() throws IOException {
        Map<String, Object> deployment = singleDocument("Deployment");
        Map<String, Object> podSecurity = asMap(path(deployment, "spec", "template", "spec", "securityContext"));
        Map<String, Object> containerSecurity = asMap(deploymentContainer().get("securityContext"));

        assertThat(effective(containerSecurity, podSecurity, "runAsNonRoot")).isEqualTo(true);
        assertThat(effective(containerSecurity, podSecurity, "runAsUser")).isInstanceOf(Integer.class)
                .isNotEqualTo(0);
        assertThat(containerSecurity.get("readOnlyRootFilesystem")).isEqualTo(true);
    }

    @Test
    void shouldRunTwoReplicasWithOneLeaseReadingTheStreams() throws IOException {
        Map<String, Object> deployment = singleDocument("Deployment");
        Map<String, Object> pod = asMap(path(deployment, "spec", "template", "spec"));

        assertThat(path(deployment, "spec", "replicas")).isEqualTo(2);
        assertThat(env(deploymentContainer())).containsEntry("CXONE_CLUSTER_SERVICE", "kubernetes");
        assertThat(pod.get("serviceAccountName")).isEqualTo("cxone-flows");
        assertThat(pod.get("automountServiceAccountToken")).isEqualTo(true);
        assertThat(path(singleDocument("PodDisruptionBudget"), "spec", "minAvailable")).isEqualTo(1);
        assertThat(path(singleDocument("RoleBinding"), "roleRef", "name")).isEqualTo(path(singleDocument("Role"), "metadata", "name"));
        assertThat(asList(path(singleDocument("Role"), "rules"))).anySatisfy(rule -> {
            assertThat(asList(asMap(rule).get("apiGroups"))).contains("coordination.k8s.io");
            assertThat(asList(asMap(rule).get("resources"))).contains("leases");
            assertThat(asList(asMap(rule).get("verbs"))).contains("get", "create", "update");
        });
    }

    @Test
    void shouldTakeThePostgresCredentialsFromASecret() throws IOException {
        for (String variable : List.of("CXONE_STORE_USERNAME", "CXONE_STORE_PASSWORD")) {
            Object fromSecret = asList(deploymentContainer().get("env")).stream().map(DeploymentManifestsTest::asMap)
                    .filter(entry -> variable.equals(entry.get("name"))).findFirst().orElseThrow()
                    .get("valueFrom");
            assertThat(path(asMap(fromSecret), "secretKeyRef", "name")).as(variable).isEqualTo("cxone-postgres");
        }
        assertThat(kubernetesDocuments()).anySatisfy(document -> {
            assertThat(document.get("kind")).isEqualTo("Secret");
            assertThat(path(document, "metadata", "name")).isEqualTo("cxone-postgres");
        });
        List<Object> integrationEnv = asList(path(singleDocument("Integration"), "spec", "traits", "environment", "vars"));
        assertThat(integrationEnv).contains("CXONE_CLUSTER_SERVICE=kubernetes",
                "CXONE_STORE_PASSWORD=secret:cxone-postgres/password");
        assertThat(path(singleDocument("Integration"), "spec", "replicas")).isEqualTo(2);
    }

    @Test
    void shouldRunTwoComposeReplicasOnASharedLockFolder() throws IOException {
        Map<String, Object> services = asMap(path(asMap(loadAll(COMPOSE_FILE).get(0)), "services"));

        for (String replica : List.of("cxone-flows", "cxone-flows-2")) {
            Map<String, Object> service = asMap(services.get(replica));
            assertThat(asMap(service.get("environment"))).as(replica).containsEntry("CXONE_CLUSTER_SERVICE", "file")
                    .containsEntry("CXONE_CLUSTER_FILE_ROOT", "/app/cluster");
            assertThat(asList(service.get("volumes"))).as(replica).contains("cluster-lock:/app/cluster");
        }
    }

    private static Map<String, Object> env(Map<String, Object> container) {
        Map<String, Object> values = new java.util.LinkedHashMap<>();
        asList(container.get("env")).stream().map(DeploymentManifestsTest::asMap)
                .filter(entry -> entry.containsKey("value")).forEach(entry -> values.put((String) entry.get("name"), entry.get("value")));
        return values;
    }

    @Test
    void shouldTargetHttpPortFromService() throws IOException {
        List<Object> ports = asList(path(singleDocument("Service"), "spec", "ports"));

        assertThat(ports).isNotEmpty();
        assertThat(ports).anySatisfy(port -> assertThat(asMap(port).get("targetPort")).isEqualTo(HTTP_PORT));
    }

    @Test
    void shouldNameImageInIntegration() throws IOException {
        Map<String, Object> traits = asMap(path(singleDocument("Integration"), "spec", "traits"));

        assertThat(path(traits, "container", "image")).isInstanceOf(String.class);
        assertThat((String) path(traits, "container", "image")).isNotBlank();
        assertThat(path(traits, "health", "livenessProbe")).isEqualTo(LIVENESS_PATH);
        assertThat(path(traits, "health", "readinessProbe")).isEqualTo(READINESS_PATH);
    }

    @Test
    void shouldDefineBothComposeServices() throws IOException {
        List<Object> documents = loadAll(COMPOSE_FILE);

        assertThat(documents).hasSize(1);
        assertThat(asMap(path(asMap(documents.get(0)), "services"))).containsKeys("postgres", "cxone-flows");
    }

    @Test
    void shouldBuildDockerImageInTwoStagesAsNonRoot() throws IOException {
        List<String> instructions = Files.readAllLines(DOCKERFILE, StandardCharsets.UTF_8).stream()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .collect(Collectors.toList());

        assertThat(instructions).filteredOn(line -> hasInstruction(line, "FROM")).hasSize(2);
        List<String> users = instructions.stream().filter(line -> hasInstruction(line, "USER"))
                .map(line -> line.substring("USER".length()).strip().split(":")[0])
                .collect(Collectors.toList());
        assertThat(users).isNotEmpty();
        assertThat(users.get(users.size() - 1)).isNotIn("root", "0");
        List<String> copies = instructions.stream().filter(line -> hasInstruction(line, "COPY"))
                .collect(Collectors.toList());
        assertThat(copies).anySatisfy(line -> assertThat(line).contains("application.properties"));
        assertThat(copies).anySatisfy(line -> assertThat(line).contains("routes"));
    }

    private static boolean hasInstruction(String line, String instruction) {
        return line.toUpperCase(Locale.ROOT).startsWith(instruction + " ");
    }

    private static List<Path> yamlFiles(Path dir) throws IOException {
        assertThat(dir).isDirectory();
        try (Stream<Path> paths = Files.walk(dir)) {
            return paths.filter(Files::isRegularFile)
                    .filter(file -> file.toString().endsWith(".yaml") || file.toString().endsWith(".yml"))
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    private static List<Object> loadAll(Path file) throws IOException {
        Load load = new Load(LoadSettings.builder().build());
        List<Object> documents = new ArrayList<>();
        load.loadAllFromString(Files.readString(file, StandardCharsets.UTF_8)).forEach(documents::add);
        return documents;
    }

    private static List<Map<String, Object>> kubernetesDocuments() throws IOException {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Path file : yamlFiles(DEPLOY_DIR)) {
            for (Object document : loadAll(file)) {
                assertThat(document).as("document in %s", file).isInstanceOf(Map.class);
                documents.add(asMap(document));
            }
        }
        return documents;
    }

    private static Map<String, Object> singleDocument(String kind) throws IOException {
        List<Map<String, Object>> matches = kubernetesDocuments().stream()
                .filter(document -> kind.equals(document.get("kind")))
                .collect(Collectors.toList());
        assertThat(matches).as("%s documents under %s", kind, DEPLOY_DIR).hasSize(1);
        return matches.get(0);
    }

    private static Map<String, Object> deploymentContainer() throws IOException {
        List<Object> containers = asList(path(singleDocument("Deployment"), "spec", "template", "spec", "containers"));
        return containers.stream().map(DeploymentManifestsTest::asMap)
                .filter(container -> "cxone-flows".equals(container.get("name")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no container named cxone-flows in the Deployment"));
    }

    private static Object effective(Map<String, Object> container, Map<String, Object> pod, String key) {
        return container.containsKey(key) ? container.get(key) : pod.get(key);
    }

    private static Object path(Map<String, Object> node, String... keys) {
        Object current = node;
        for (String key : keys) {
            current = asMap(current).get(key);
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object node) {
        if (node == null) {
            return Map.of();
        }
        assertThat(node).isInstanceOf(Map.class);
        return (Map<String, Object>) node;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> asList(Object node) {
        assertThat(node).isInstanceOf(List.class);
        return (List<Object>) node;
    }
}
