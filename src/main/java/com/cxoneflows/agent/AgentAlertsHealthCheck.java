package com.cxoneflows.agent;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.util.List;
import java.util.Map;

/**
 * The agent-monitor's alerts in {@code /observe/health}: DOWN ("degraded") while an alert is raised. Neither a
 * liveness nor a readiness check: a degraded monitor still serves, and must not be restarted for it.
 */
public class AgentAlertsHealthCheck extends AbstractHealthCheck {

    private final AgentMonitor monitor;

    public AgentAlertsHealthCheck(AgentMonitor monitor) {
        super("cxone", "agent-monitor-alerts");
        this.monitor = monitor;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    public boolean isReadiness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        List<String> alerts = monitor.alerts();
        if (alerts.isEmpty()) {
            builder.up();
        } else {
            builder.detail("status", "degraded").detail("alerts", String.join("; ", alerts))
                    .message("degraded: " + String.join("; ", alerts)).down();
        }
    }
}
