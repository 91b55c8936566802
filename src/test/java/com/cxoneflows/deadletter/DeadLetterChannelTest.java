package com.cxoneflows.deadletter;

import com.cxoneflows.auth.TokenService;
import com.cxoneflows.simulator.SimulatorSettings;
import com.cxoneflows.testing.FreePorts;
import com.cxoneflows.testing.Http;
import com.cxoneflows.testing.LogCapture;
import com.cxoneflows.testing.RunningProduct;
import com.cxoneflows.testing.SimulatorClient;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.MBeanServer;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXServiceURL;
import java.lang.management.ManagementFactory;
import java.rmi.registry.LocateRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A flow's failures are redelivered, then dead-lettered with their original message; the store is
 * listed, shown, replayed and purged over JMX (the platform MBean server, and a remote connector as a console
 * uses it) and over HTTP, and no secret leaks.
 */
class DeadLetterChannelTest {

    private static final String SECRET_IN_BODY = SimulatorSettings.DEMO_CLIENT_SECRET;

    private static LogCapture logs;
    private static RunningProduct product;
    private static SimulatorClient sim;
    private static ProducerTemplate template;
    private static MBeanServer mbeans;
    private static ObjectName queue;
    private static final List<String> tokensSeen = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        logs = LogCapture.attach();
        // The socket flows are off: on a revocation their simulators close with 4001 and the flows renew the token at
        // once, which would race the 401 the token test below must see on its own call.
        product = RunningProduct.start(Map.of(
                "cxone.agents.enabled", "false",
                "cxone.adherence.enabled", "false",
                "cxone.presence.enabled", "false",
                "cxone.guest.enabled", "false",
                "cxone.dead-letter.maximum-redeliveries", "2",
                "cxone.dead-letter.redelivery-delay", "10",
                "cxone.dead-letter.maximum-redelivery-delay", "100"));
        sim = product.simulator();
        template = product.context().createProducerTemplate();
        mbeans = ManagementFactory.getPlatformMBeanServer();
        queue = new ObjectName("org.apache.camel:context=cxone-flows,type=services,name=DeadLetterQueue");
    }

    @BeforeEach
    void forgetRequests() {
        sim.clearRequests();
    }

    @AfterEach
    void clean() throws Exception {
        sim.clearFaults();
        tokensSeen.add(product.bean("tokenService", TokenService.class).token().value());
        for (JsonNode letter : Http.get(product.url("/api/dead-letters?limit=1000")).json().path("deadLetters")) {
            mbeans.invoke(queue, "purge", new Object[] {letter.path("id").asLong()}, new String[] {"long"});
        }
    }

    @AfterAll
    static void stop() {
        product.close();
        logs.close();
        String everything = logs.text();
        assertThat(everything).doesNotContain(SECRET_IN_BODY);
        tokensSeen.forEach(token -> assertThat(everything).doesNotContain(token));
    }

    private void sendFailingMessage(String conversationId) {
        String token = product.bean("tokenService", TokenService.class).token().value();
        tokensSeen.add(token);
        template.send("direct:probe-delivery", exchange -> {
            exchange.getIn().setHeader("conversationId", conversationId);
            exchange.getIn().setHeader("Authorization", "Bearer " + token);
            exchange.getIn().setBody("{\"conversationId\":\"" + conversationId + "\",\"note\":\"" + SECRET_IN_BODY + "\"}");
        });
    }

    private long count() throws Exception {
        return (Long) mbeans.getAttribute(queue, "Count");
    }

    /** CountByFlow as any JMX console gets it: open-type TabularData, one row of key (flow) and value (count). */
    private static Map<String, Long> countByFlow(MBeanServerConnection connection) throws Exception {
        TabularData table = (TabularData) connection.getAttribute(queue, "CountByFlow");
        Map<String, Long> counts = new TreeMap<>();
        for (Object row : table.values()) {
            CompositeData data = (CompositeData) row;
            counts.put((String) data.get("key"), (Long) data.get("value"));
        }
        return counts;
    }

    private JsonNode jmxList(String flow) throws Exception {
        String json = (String) mbeans.invoke(queue, "list", new Object[] {flow, 10}, new String[] {"java.lang.String", "int"});
        return Http.JSON.readTree(json);
    }

    private String jmx(String operation, long id) throws Exception {
        return String.valueOf(mbeans.invoke(queue, operation, new Object[] {id}, new String[] {"long"}));
    }

    @Test
    void shouldDeadLetterReplayAndPurgeOverJmx() throws Exception {
        sim.fault(Map.of("target", "probe", "status", 503, "times", -1));
        sendFailingMessage("conv-jmx-1");

        await().atMost(Duration.ofSeconds(10)).until(() -> count() == 1);
        assertThat(countByFlow(mbeans)).isEqualTo(Map.of("probe", 1L));
        JsonNode listed = jmxList("probe").path("deadLetters").get(0);
        long id = listed.path("id").asLong();
        assertThat(listed.path("httpStatus").asInt()).isEqualTo(503);
        assertThat(listed.path("attempts").asInt()).isEqualTo(3);
        assertThat(listed.path("reason").asText()).contains("HTTP 503");
        assertThat(sim.requests("/_sim/probe")).hasSize(3);

        JsonNode shown = Http.JSON.readTree(jmx("show", id));
        assertThat(shown.path("endpointUri").asText()).isEqualTo("direct://probe-delivery");
        assertThat(shown.path("headers").path("conversationId").asText()).isEqualTo("conv-jmx-1");
        assertThat(shown.path("headers").has("Authorization")).isFalse();
        assertThat(shown.path("body").asText()).contains("conv-jmx-1").doesNotContain(SECRET_IN_BODY);
        assertThat(shown.toString()).doesNotContain(tokensSeen.get(tokensSeen.size() - 1));

        // replay while the fault is still on: the letter stays, once, with its attempts added up
        assertThat(jmx("replay", id)).contains("kept");
        assertThat(count()).isEqualTo(1);
        assertThat(jmxList("probe").path("deadLetters").get(0).path("attempts").asInt()).isEqualTo(6);

        sim.clearFaults();
        assertThat(jmx("replay", id)).contains("replayed");
        assertThat(count()).isZero();
        assertThat(sim.requests("/_sim/probe")).last().satisfies(r -> assertThat(r.path("status").asInt()).isEqualTo(200));

        sim.fault(Map.of("target", "probe", "status", 400, "times", -1));
        sendFailingMessage("conv-jmx-2");
        await().atMost(Duration.ofSeconds(10)).until(() -> count() == 1);
        long purged = jmxList("").path("deadLetters").get(0).path("id").asLong();
        assertThat(jmx("purge", purged)).isEqualTo("true");
        assertThat(count()).isZero();
    }

    @Test
    void shouldServeAnyJmxConsoleOverARemoteConnector() throws Exception {
        int port = FreePorts.next();
        LocateRegistry.createRegistry(port);
        JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi");
        JMXConnectorServer server = JMXConnectorServerFactory.newJMXConnectorServer(url, null, mbeans);
        server.start();
        try (JMXConnector connector = JMXConnectorFactory.connect(url)) {
            MBeanServerConnection console = connector.getMBeanServerConnection();
            sim.fault(Map.of("target", "probe", "status", 503, "times", 3));
            sendFailingMessage("conv-console-1");
            await().atMost(Duration.ofSeconds(10)).until(() -> (Long) console.getAttribute(queue, "Count") == 1L);

            assertThat(countByFlow(console)).isEqualTo(Map.of("probe", 1L));
            MBeanInfo info = console.getMBeanInfo(queue);
            assertThat(info.getDescription()).isNotBlank();
            Map<String, MBeanOperationInfo> operations = new TreeMap<>();
            for (MBeanOperationInfo operation : info.getOperations()) {
                operations.put(operation.getName(), operation);
            }
            assertThat(operations).containsOnlyKeys("list", "show", "replay", "replayAll", "purge");
            assertThat(operations.get("list").getSignature()).extracting(MBeanParameterInfo::getName).containsExactly("flow", "limit");
            assertThat(operations.get("show").getSignature()).extracting(MBeanParameterInfo::getName).containsExactly("id");
            assertThat(operations.get("replayAll").getSignature()).extracting(MBeanParameterInfo::getName).containsExactly("flow");
            operations.values().forEach(operation -> {
                assertThat(operation.getDescription()).isNotBlank().isNotEqualTo(operation.getName());
                for (MBeanParameterInfo parameter : operation.getSignature()) {
                    assertThat(parameter.getDescription()).isNotBlank().isNotEqualTo(parameter.getName());
                }
            });

            String listed = (String) console.invoke(queue, "list", new Object[] {"probe", 10}, new String[] {"java.lang.String", "int"});
            long id = Http.JSON.readTree(listed).path("deadLetters").get(0).path("id").asLong();
            String outcome = (String) console.invoke(queue, "replay", new Object[] {id}, new String[] {"long"});
            assertThat(outcome).contains("replayed");
            assertThat((Long) console.getAttribute(queue, "Count")).isZero();
            assertThat(countByFlow(console)).isEmpty();
        } finally {
            server.stop();
        }
    }

    @Test
    void shouldReplayAllOfAFlowOverJmx() throws Exception {
        sim.fault(Map.of("target", "probe", "status", 500, "times", 6));
        sendFailingMessage("conv-all-1");
        sendFailingMessage("conv-all-2");
        await().atMost(Duration.ofSeconds(10)).until(() -> count() == 2);

        String outcome = (String) mbeans.invoke(queue, "replayAll", new Object[] {"probe"}, new String[] {"java.lang.String"});

        assertThat(outcome).isEqualTo("2 replayed, 0 kept");
        assertThat(count()).isZero();
    }

    @Test
    void shouldDeadLetterReplayAndDeleteOverHttp() {
        sim.fault(Map.of("target", "probe", "status", 503, "times", -1));
        sendFailingMessage("conv-http-1");

        await().atMost(Duration.ofSeconds(10))
                .until(() -> Http.get(product.url("/api/dead-letters?flow=probe")).json().path("count").asInt() == 1);
        JsonNode letter = Http.get(product.url("/api/dead-letters?flow=probe")).json().path("deadLetters").get(0);
        long id = letter.path("id").asLong();
        assertThat(letter.fieldNames()).toIterable().containsExactly(
                "id", "flow", "reason", "httpStatus", "attempts", "firstFailureAt", "lastFailureAt", "body");
        assertThat(letter.path("flow").asText()).isEqualTo("probe");
        assertThat(Http.get(product.url("/api/dead-letters/" + id)).json().path("headers").path("conversationId").asText())
                .isEqualTo("conv-http-1");

        Http.Response stillFailing = Http.post(product.url("/api/dead-letters/" + id + "/replay"), "");
        assertThat(stillFailing.status()).isEqualTo(409);
        assertThat(stillFailing.json().path("error").asText()).contains("HTTP 503");

        sim.clearFaults();
        Http.Response replayed = Http.post(product.url("/api/dead-letters/" + id + "/replay"), "");
        assertThat(replayed.status()).isEqualTo(200);
        assertThat(Http.get(product.url("/api/dead-letters/" + id)).status()).isEqualTo(404);

        sim.fault(Map.of("target", "probe", "status", 403, "times", -1));
        sendFailingMessage("conv-http-2");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> Http.get(product.url("/api/dead-letters")).json().path("count").asInt() == 1);
        long second = Http.get(product.url("/api/dead-letters")).json().path("deadLetters").get(0).path("id").asLong();
        assertThat(Http.delete(product.url("/api/dead-letters/" + second)).status()).isEqualTo(200);
        assertThat(Http.get(product.url("/api/dead-letters/" + second)).status()).isEqualTo(404);
    }

    @Test
    void shouldRenewTokenAndDeliverWhenInterfaceAnswers401() throws Exception {
        TokenService tokens = product.bean("tokenService", TokenService.class);
        tokensSeen.add(tokens.token().value());
        sim.clearRequests();
        sim.revokeTokens();

        template.sendBody("direct:probe-delivery", "{\"conversationId\":\"conv-401\"}");

        assertThat(sim.requests("/_sim/probe")).extracting(r -> r.path("status").asInt()).containsExactly(401, 200);
        assertThat(sim.requests("/oauth/v2/token")).hasSize(1);
        assertThat(count()).isZero();
        tokensSeen.add(tokens.token().value());
    }

    @Test
    void shouldExposeTokenLifecycleOverJmxWithoutTheToken() throws Exception {
        ObjectName tokens = new ObjectName("org.apache.camel:context=cxone-flows,type=services,name=TokenService");

        assertThat((Long) mbeans.getAttribute(tokens, "TokenRequests")).isGreaterThanOrEqualTo(1);
        assertThat((String) mbeans.getAttribute(tokens, "TokenExpiresAt")).isNotEmpty();
        String token = product.bean("tokenService", TokenService.class).token().value();
        for (var attribute : mbeans.getMBeanInfo(tokens).getAttributes()) {
            assertThat(String.valueOf(mbeans.getAttribute(tokens, attribute.getName()))).doesNotContain(token);
        }
    }

    @Test
    void shouldNeverShowSecretsInApiAnswers() {
        String[] answers = {
                Http.get(product.url("/api/dead-letters")).body(),
                Http.get(product.url("/api/streams")).body(),
                Http.get(product.url("/observe/health?exposureLevel=full")).body(),
                Http.get(product.url("/observe/metrics")).body(),
        };
        String token = product.bean("tokenService", TokenService.class).token().value();
        for (String answer : answers) {
            assertThat(answer).doesNotContain(token).doesNotContain(SimulatorSettings.DEMO_CLIENT_SECRET);
        }
    }
}
