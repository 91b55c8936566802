package com.cxoneflows.cluster;

import com.cxoneflows.settings.Settings;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code cxone.cluster.*} keys. Camel 4.18 has no {@code camel.cluster.*} properties, so the cluster service
 * is built from these (see {@link StreamLeadership}).
 */
public record ClusterSettings(Service service, String nodeId, Duration nodeTimeout, Path fileRoot,
                              Duration fileInterval, int fileHeartbeatTimeoutMultiplier,
                              Optional<String> kubernetesMasterUrl, Optional<String> kubernetesNamespace,
                              Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {

    /** Which cluster service decides the replica that reads the streams. */
    public enum Service { NONE, FILE, KUBERNETES }

    /** Null when a key is wrong (then {@code settings} has the problem). */
    public static ClusterSettings of(Settings settings) {
        Service service = settings.parsed("cxone.cluster.service", (key, name) -> {
            try {
                return Service.valueOf(name.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException unknown) {
                throw new IllegalArgumentException("must be none, file or kubernetes, was '" + name + "'");
            }
        });
        String nodeId = settings.optional("cxone.cluster.node-id").orElseGet(ClusterSettings::hostName);
        Duration nodeTimeout = settings.duration("cxone.cluster.node-timeout");
        String fileRoot = settings.string("cxone.cluster.file.root");
        Duration fileInterval = settings.duration("cxone.cluster.file.interval");
        int multiplier = settings.integer("cxone.cluster.file.heartbeat-timeout-multiplier");
        Duration leaseDuration = settings.duration("cxone.cluster.kubernetes.lease-duration");
        Duration renewDeadline = settings.duration("cxone.cluster.kubernetes.renew-deadline");
        Duration retryPeriod = settings.duration("cxone.cluster.kubernetes.retry-period");
        if (service == null || settings.hasProblems()) {
            return null;
        }
        return settings.validated(() -> new ClusterSettings(service, nodeId, nodeTimeout, Path.of(fileRoot),
                        fileInterval, multiplier, settings.optional("cxone.cluster.kubernetes.master-url"),
                        settings.optional("cxone.cluster.kubernetes.namespace"), leaseDuration, renewDeadline, retryPeriod),
                "cxone.cluster.node-timeout");
    }

    public ClusterSettings {
        if (nodeTimeout.toMillis() < 1000) {
            throw new IllegalArgumentException("must be at least 1s, was " + nodeTimeout);
        }
    }

    public boolean clustered() {
        return service != Service.NONE;
    }

    /** How often a replica says it lives: five times per {@code node-timeout}. */
    public Duration heartbeat() {
        return nodeTimeout.dividedBy(5);
    }

    private static String hostName() {
        String fromEnvironment = System.getenv("HOSTNAME");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException unknown) {
            return "localhost";
        }
    }
}
