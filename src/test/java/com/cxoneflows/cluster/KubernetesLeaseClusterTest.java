package com.cxoneflows.cluster;

import com.cxoneflows.stream.StreamRegistry;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Kubernetes Lease cluster service (cxone.cluster.service=kubernetes) against fabric8's API server stand-in in
 * CRUD mode: of two Camel contexts with a stream route on {@link StreamLeadership}, one reads; when it stops and its
 * pod goes, the other takes over.
 */
@EnableKubernetesMockClient(https = false, crud = true)
class KubernetesLeaseClusterTest {

    private static final String NAMESPACE = "cxone";

    static KubernetesMockServer server;
    static KubernetesClient client;

    private final List<CamelContext> contexts = new ArrayList<>();

    @AfterEach
    void stop() {
        contexts.forEach(CamelContext::stop);
    }

    @Test
    void shouldLetOneReplicaReadAndTheOtherTakeOverWhenItStops() throws Exception {
        CamelContext first = replica("pod-a");
        CamelContext second = replica("pod-b");

        await().atMost(Duration.ofSeconds(20)).until(() -> reading(first) != reading(second));
        CamelContext leader = reading(first) ? first : second;
        CamelContext standby = leader == first ? second : first;
        String leaderPod = leader == first ? "pod-a" : "pod-b";
        assertThat(lease().getSpec().getHolderIdentity()).isEqualTo(leaderPod);
        // it stays so: the standby does not start the route while the leader renews
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> reading(leader) && !reading(standby));

        // the leader's replica stops and Kubernetes removes its pod (Camel's Lease names a leader valid while its pod
        // is a running, ready member of the namespace)
        leader.stop();
        client.pods().inNamespace(NAMESPACE).withName(leaderPod).delete();
        await().atMost(Duration.ofSeconds(15)).until(() -> reading(standby));
        assertThat(lease().getSpec().getHolderIdentity()).isNotEqualTo(leaderPod);
    }

    private CamelContext replica(String pod) throws Exception {
        ClusterSettings settings = new ClusterSettings(ClusterSettings.Service.KUBERNETES, pod, Duration.ofSeconds(10),
                Path.of("unused"), Duration.ofSeconds(1), 5, Optional.of(server.url("/")), Optional.of(NAMESPACE),
                Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofMillis(500));
        // the members of the group are the namespace's running, ready pods: each replica's pod is one, as in a cluster
        client.pods().inNamespace(NAMESPACE).resource(new PodBuilder().withNewMetadata().withName(pod).endMetadata()
                .withNewStatus().withPhase("Running").addNewCondition().withType("Ready").withStatus("True").endCondition()
                .endStatus().build()).create();
        CamelContext context = new DefaultCamelContext();
        StreamLeadership leadership = StreamLeadership.on(context, settings, new StreamRegistry(new SimpleMeterRegistry()));
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("timer:stream?period=200").routeId("stream").routePolicy(leadership.policy()).to("log:read?level=OFF");
            }
        });
        context.start();
        contexts.add(context);
        return context;
    }

    private static boolean reading(CamelContext context) {
        return context.getRouteController().getRouteStatus("stream").isStarted();
    }

    private static Lease lease() {
        return client.leases().inNamespace(NAMESPACE).list().getItems().stream().findFirst().orElseThrow();
    }
}
