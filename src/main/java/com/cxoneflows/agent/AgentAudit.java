package com.cxoneflows.agent;

import com.cxoneflows.secret.Secrets;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Clock;

/** One JSON line per agent event in the rotating audit log: verified or rejected, and why. */
public class AgentAudit {

    private final AuditLog log;
    private final ObjectMapper json;
    private final Clock clock;

    public AgentAudit(AuditLog log, ObjectMapper json, Clock clock) {
        this.log = log;
        this.json = json;
        this.clock = clock;
    }

    public AgentEvent write(AgentEvent event) {
        ObjectNode line = json.createObjectNode();
        line.put("at", clock.instant().toString());
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
        log.write(line.toString());
        return event;
    }
}
