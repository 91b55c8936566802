package com.cxoneflows.agent;

import com.cxoneflows.secret.Secrets;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** One JSON line per agent event in the rotating audit log: verified or rejected, and why; a batch's lines go out together. */
public class AgentAudit {

    private final AuditLog log;
    private final ObjectMapper json;
    private final Clock clock;

    public AgentAudit(AuditLog log, ObjectMapper json, Clock clock) {
        this.log = log;
        this.json = json;
        this.clock = clock;
    }

    public List<AgentEvent> write(List<AgentEvent> batch) {
        String at = clock.instant().toString();
        List<String> lines = new ArrayList<>(batch.size());
        for (AgentEvent event : batch) {
            lines.add(line(event, at));
        }
        log.write(lines);
        return batch;
    }

    private String line(AgentEvent event, String at) {
        ObjectNode line = json.createObjectNode();
        line.put("at", at);
        line.put("outcome", event.verdict().name().toLowerCase(java.util.Locale.ROOT));
        if (event.sequence() >= 0) {
            line.put("sequence", event.sequence());
        }
        line.put("agentId", event.agentId());
        line.put("from", event.fromState());
        line.put("to", event.currentState());
        line.put("reasonCode", event.reasonCode());
        line.put("timestamp", event.timestamp());
        if (event.latencyMs() >= 0) {
            line.put("latencyMs", event.latencyMs());
        }
        if (event.reason() != null) {
            line.put("reason", event.reason());
        }
        if (event.verdict() == AgentEvent.Verdict.MALFORMED) {
            String raw = Secrets.redact(event.rawFrame());
            line.put("frame", raw == null || raw.length() <= 2000 ? raw : raw.substring(0, 2000));
        }
        return line.toString();
    }
}
