package com.cxoneflows.agent;

import com.cxoneflows.secret.Secrets;
import com.cxoneflows.stream.Timestamps;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.ByteArrayOutputStream;
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

    /**
     * One generator writes the batch's lines as UTF-8 bytes, field by field and without a tree (this runs for every
     * event); each line is taken from its buffer as it ends, so the log can rotate between any two.
     */
    public List<AgentEvent> write(List<AgentEvent> batch) {
        String at = Timestamps.format(clock.instant());
        List<byte[]> lines = new ArrayList<>(batch.size());
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(512);
        try (JsonGenerator line = json.getFactory().createGenerator(buffer, JsonEncoding.UTF8)) {
            line.setRootValueSeparator(null);
            for (AgentEvent event : batch) {
                write(line, event, at);
                line.flush();
                lines.add(buffer.toByteArray());
                buffer.reset();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write an audit line", e);
        }
        log.write(lines);
        return batch;
    }

    private static void write(JsonGenerator line, AgentEvent event, String at) throws IOException {
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
    }
}
