package com.cxoneflows.stream;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * Readiness: DOWN while any stream of a running flow is not connected, naming them; disabled flows do not count.
 * In a cluster a standby replica is ready (it serves the API): its details say which streams it reads.
 */
public class StreamsHealthCheck extends AbstractHealthCheck {

    private final StreamRegistry registry;

    public StreamsHealthCheck(StreamRegistry registry) {
        super("cxone", "cxone-streams");
        this.registry = registry;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        String down = registry.active().stream().filter(s -> !s.connected())
                .map(s -> s.name() + (s.stopped() ? " (stopped)" : "")).collect(Collectors.joining(", "));
        registry.roles().forEach((stream, role) -> builder.detail("stream." + stream, role));
        if (down.isEmpty()) {
            builder.up();
        } else {
            builder.message("not connected: " + down).detail("streams", down).down();
        }
    }
}
