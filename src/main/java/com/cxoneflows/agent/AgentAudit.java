package com.cxoneflows.agent;

import com.cxoneflows.secret.Secrets;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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

    /** Written field by field, without a tree: this runs for every event. */
    private String line(AgentEvent event, String at) {
        StringWriter text = new StringWriter(256);
        try (JsonGenerator line = json.getFactory().createGenerator(text)) {
            line.writeStartObject();
            line.writeStringField("at", at);
            line.writeStringField("outcome", event.verdict().name().toLowerCase(Locale.ROOT));
            if (event.sequence() >= 0) {
                line.writeNumberField("sequence", event.sequence());
            }
            line.writeStringField("agentId", event.agentId());
            line.writeStringField("from", event.fromState());
            line.writeStringField("to", event.currentState());
            line.writeStringField("reasonCode", event.reasonCode());
            line.writeStringField("timestamp", event.timestamp());
            if (event.latencyMs() >= 0) {
                line.writeNumberField("latencyMs", event.latencyMs());
            }
            if (event.reason() != null) {
                line.writeStringField("reason", event.reason());
            }
            if (event.verdict() == AgentEvent.Verdict.MALFORMED) {
                String raw = Secrets.redact(event.rawFrame());
                line.writeStringField("frame", raw == null || raw.length() <= 2000 ? raw : raw.substring(0, 2000));
            }
            line.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write an audit line", e);
        }
        return text.toString();
    }
}
