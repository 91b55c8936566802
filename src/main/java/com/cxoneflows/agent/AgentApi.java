package com.cxoneflows.agent;

import com.cxoneflows.api.ApiException;
import com.cxoneflows.api.ApiParameters;
import org.apache.camel.Header;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /api/agents/{id}/status} and {@code GET /api/agents/metrics}. */
public class AgentApi {

    private final AgentStore store;
    private final AgentMonitor monitor;

    public AgentApi(AgentStore store, AgentMonitor monitor) {
        this.store = store;
        this.monitor = monitor;
    }

    public Map<String, Object> status(@Header("id") String id) {
        String agentId = ApiParameters.opaqueId("agent id", id);
        AgentStatus status = store.find(agentId).orElseThrow(() -> ApiException.notFound("no agent " + agentId));
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("agentId", status.agentId());
        view.put("state", status.state());
        view.put("reasonCode", status.reasonCode());
        view.put("lastUpdated", status.lastUpdated());
        view.put("sequence", status.sequence());
        return view;
    }

    public Map<String, Object> metrics() {
        return monitor.metrics();
    }

    /** What the dashboard webhook receives: one update per verified event of the batch, in order. */
    public List<Map<String, Object>> dashboardUpdates(List<AgentEvent> batch) {
        return batch.stream().filter(event -> event.verdict() == AgentEvent.Verdict.VERIFIED).map(AgentApi::dashboardUpdate)
                .toList();
    }

    private static Map<String, Object> dashboardUpdate(AgentEvent event) {
        Map<String, Object> update = new LinkedHashMap<>();
        update.put("agentId", event.agentId());
        update.put("state", event.currentState());
        update.put("previousState", event.fromState());
        update.put("reasonCode", event.reasonCode());
        update.put("timestamp", event.timestamp());
        update.put("sequence", event.sequence());
        return update;
    }
}
