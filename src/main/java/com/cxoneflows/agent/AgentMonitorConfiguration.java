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
import java.util.List;

/** The beans of {@code routes/agent-monitor.camel.yaml}; the subscription is validated here, before anything is sent. */
public class AgentMonitorConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext camelContext) throws Exception {
        Settings settings = Settings.of(camelContext).forFlow("cxone.agents.enabled");
        boolean enabled = settings.bool("cxone.agents.enabled");
        List<String> agentIds = AgentMonitorSettings.parseIds(settings.optional("cxone.agents.ids").orElse(""));
        TransitionMatrix stateMatrix = settings.parsed("cxone.agents.state-matrix", TransitionMatrix::parse);
        int maxLatencyMs = settings.integer("cxone.agents.max-latency-ms");
        int maxUnverifiedTransitions = settings.integer("cxone.agents.max-unverified-transitions");
        double minAccuracy = settings.decimal("cxone.agents.min-accuracy");
        Duration alertWindow = settings.duration("cxone.agents.alert-window");
        int maxBatch = settings.integer("cxone.agents.max-batch");
        if (maxBatch < 1) {
            settings.problem("cxone.agents.max-batch", "must be at least 1, was " + maxBatch);
        }
        Path auditFolder = Path.of(settings.string("cxone.data-dir")).resolve("audit");
        int auditMaxBytes = settings.integer("cxone.agents.audit-max-bytes");
        int auditFiles = settings.integer("cxone.agents.audit-files");
        AgentMonitorSettings monitorSettings = settings.validated(() -> new AgentMonitorSettings(
                agentIds, stateMatrix, maxLatencyMs, maxUnverifiedTransitions, minAccuracy));
        if (enabled && monitorSettings != null) {
            settings.validated(monitorSettings::requireAgents);
        }
        AuditLog auditLog = settings.validated(() -> new AuditLog(auditFolder, "agent-monitor", auditMaxBytes, auditFiles),
                "cxone.agents.audit-max-bytes");
        if (settings.hasProblems()) {
            return; // the check after configuration reports them
        }
        Registry registry = camelContext.getRegistry();
        ObjectMapper json = new ObjectMapper();
        Clock clock = CamelContextHelper.mandatoryFindSingleByType(camelContext, Clock.class);
        StreamRegistry streams = CamelContextHelper.mandatoryFindSingleByType(camelContext, StreamRegistry.class);
        AgentStore store = new AgentStore(monitorSettings.stateMatrix(), json, streams.stream("agent-monitor"));
        AgentMonitor monitor = new AgentMonitor(monitorSettings, streams.stream("agent-monitor"), store, clock, alertWindow,
                CamelContextHelper.mandatoryFindSingleByType(camelContext, MeterRegistry.class));
        camelContext.addService(auditLog, true, true);

        registry.bind("agentEventsProtocol", new AgentEventsProtocol(monitorSettings, json));
        registry.bind("agentEvents", new AgentEvents(json));
        registry.bind("agentStore", store);
        registry.bind("agentMonitor", monitor);
        registry.bind("checkAgentTransitions", new AgentBatchStep(store::check));
        registry.bind("measureAgentEvents", new AgentBatchStep(monitor::record));
        registry.bind("writeAgentAudit", new AgentBatchStep(new AgentAudit(auditLog, json, clock)::write));
        registry.bind("applyToAgentStore", new AgentBatchStep(store::apply));
        registry.bind("agentApi", new AgentApi(store, monitor));

        HealthCheckRegistry health = HealthCheckRegistry.get(camelContext);
        if (health != null) {
            AgentAlertsHealthCheck alerts = new AgentAlertsHealthCheck(monitor);
            alerts.setCamelContext(camelContext);
            health.register(alerts);
        }
    }
}
