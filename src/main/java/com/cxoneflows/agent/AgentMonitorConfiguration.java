package com.cxoneflows.agent;

import com.cxoneflows.stream.StreamRegistry;
import com.cxoneflows.settings.Settings;
import com.cxoneflows.transition.TransitionMatrix;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.CamelContextHelper;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/** The beans of {@code routes/agent-monitor.camel.yaml}; the subscription is validated here, before anything is sent. */
public class AgentMonitorConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext camelContext) throws Exception {
        Settings settings = new Settings(camelContext.getPropertiesComponent());
        Registry registry = camelContext.getRegistry();
        ObjectMapper json = new ObjectMapper();
        Clock clock = CamelContextHelper.mandatoryFindSingleByType(camelContext, Clock.class);
        AgentMonitorSettings monitorSettings = new AgentMonitorSettings(
                AgentMonitorSettings.parseIds(settings.string("cxone.agents.ids", "")),
                TransitionMatrix.parse("cxone.agents.state-matrix", settings.required("cxone.agents.state-matrix")),
                settings.integer("cxone.agents.max-latency-ms", 2500),
                settings.integer("cxone.agents.max-unverified-transitions", 5),
                Double.parseDouble(settings.string("cxone.agents.min-accuracy", "0.95")));
        if (settings.bool("cxone.agents.enabled", true)) {
            monitorSettings.requireAgents();
        }
        StreamRegistry streams = CamelContextHelper.mandatoryFindSingleByType(camelContext, StreamRegistry.class);
        AgentStore store = new AgentStore(monitorSettings.stateMatrix(), json, streams.stream("agent-monitor"));
        AgentMonitor monitor = new AgentMonitor(monitorSettings, streams.stream("agent-monitor"), store, clock,
                settings.duration("cxone.agents.alert-window", Duration.ofMinutes(1)),
                CamelContextHelper.mandatoryFindSingleByType(camelContext, MeterRegistry.class));
        AuditLog auditLog = new AuditLog(Path.of(settings.string("cxone.data-dir", "./data")).resolve("audit"), "agent-monitor",
                settings.integer("cxone.agents.audit-max-bytes", 10 * 1024 * 1024), settings.integer("cxone.agents.audit-files", 5));
        camelContext.addService(auditLog, true, true);

        registry.bind("agentEventsProtocol", new AgentEventsProtocol(monitorSettings, json));
        registry.bind("agentEvents", new AgentEvents(json));
        registry.bind("agentStore", store);
        registry.bind("agentMonitor", monitor);
        registry.bind("agentAudit", new AgentAudit(auditLog, json, clock));
        registry.bind("agentApi", new AgentApi(store, monitor));

        HealthCheckRegistry health = HealthCheckRegistry.get(camelContext);
        if (health != null) {
            AgentAlertsHealthCheck alerts = new AgentAlertsHealthCheck(monitor);
            alerts.setCamelContext(camelContext);
            health.register(alerts);
        }
    }
}
