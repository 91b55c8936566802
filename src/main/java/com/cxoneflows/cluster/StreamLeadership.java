package com.cxoneflows.cluster;

import org.apache.camel.CamelContext;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.apache.camel.component.kubernetes.KubernetesConfiguration;
import org.apache.camel.component.kubernetes.cluster.KubernetesClusterService;
import org.apache.camel.component.kubernetes.cluster.LeaseResourceType;
import org.apache.camel.impl.cluster.ClusteredRoutePolicy;
import com.cxoneflows.stream.StreamRegistry;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.support.RoutePolicySupport;

import java.util.concurrent.TimeUnit;

/**
 * The route policy every stream route names ({@code routePolicy: streamLeadership}): in a cluster Camel's
 * {@link ClusteredRoutePolicy} on one namespace, so the replica that holds its leadership reads every stream and
 * the others stand by; outside one a policy that does nothing, so the routes start as their
 * {@code autoStartup} says, as they always did.
 */
public final class StreamLeadership {

    /** The cluster namespace (file-lock file, Kubernetes Lease) of the stream routes. */
    public static final String NAMESPACE = "cxone-streams";

    private final RoutePolicy policy;

    private StreamLeadership(RoutePolicy policy) {
        this.policy = policy;
    }

    /**
     * Adds the cluster service of {@code settings} to the context, if any, and the policy on it; in a cluster the
     * streams of {@code streams} get their rows at once, so a standby lists the streams it does not read.
     */
    public static StreamLeadership on(CamelContext camelContext, ClusterSettings settings, StreamRegistry streams)
            throws Exception {
        if (!settings.clustered()) {
            return new StreamLeadership(new RoutePolicySupport() {
            });
        }
        CamelClusterService service = settings.service() == ClusterSettings.Service.FILE
                ? fileLock(settings) : kubernetesLease(settings);
        camelContext.addService(service, true, true);
        ClusteredRoutePolicy policy = ClusteredRoutePolicy.forNamespace(service, NAMESPACE);
        policy.setCamelContext(camelContext);
        return new StreamLeadership(new StandbyRows(policy, streams));
    }

    public RoutePolicy policy() {
        return policy;
    }

    /** Whether this replica reads the streams (always false outside a cluster: there nobody is named). */
    public boolean leads() {
        return policy instanceof StandbyRows clustered && clustered.leads();
    }

    /**
     * A lock file on a shared folder. A standby takes over about interval x multiplier (+ one interval) after the
     * leader stopped renewing: Camel's defaults (10 s x 5) would leave the streams unread for a minute.
     */
    private static CamelClusterService fileLock(ClusterSettings settings) {
        FileLockClusterService service = new FileLockClusterService();
        service.setId(settings.nodeId());
        service.setRoot(settings.fileRoot().toAbsolutePath().toString());
        service.setAcquireLockDelay(settings.fileInterval().toMillis(), TimeUnit.MILLISECONDS);
        service.setAcquireLockInterval(settings.fileInterval().toMillis(), TimeUnit.MILLISECONDS);
        service.setHeartbeatTimeoutMultiplier(settings.fileHeartbeatTimeoutMultiplier());
        return service;
    }

    /** A {@code coordination.k8s.io} Lease named after the namespace; the pod needs the RBAC of deploy/kubernetes. */
    private static CamelClusterService kubernetesLease(ClusterSettings settings) {
        KubernetesConfiguration configuration = new KubernetesConfiguration();
        settings.kubernetesMasterUrl().ifPresent(configuration::setMasterUrl);
        KubernetesClusterService service = new KubernetesClusterService(configuration);
        service.setId(settings.nodeId());
        service.setPodName(settings.nodeId());
        settings.kubernetesNamespace().ifPresent(service::setKubernetesNamespace);
        service.setLeaseResourceType(LeaseResourceType.Lease);
        service.setKubernetesResourceName("cxone-flows");
        service.setLeaseDurationMillis(settings.leaseDuration().toMillis());
        service.setRenewDeadlineMillis(settings.renewDeadline().toMillis());
        service.setRetryPeriodMillis(settings.retryPeriod().toMillis());
        return service;
    }
}
