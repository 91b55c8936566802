package com.cxoneflows.adherence;

import com.cxoneflows.api.ApiException;
import org.apache.camel.Header;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /api/adherence?inAdherence=}: what supervisors need, every followed agent or those in (out of) adherence. */
public class AdherenceApi {

    private final AdherenceStore store;

    public AdherenceApi(AdherenceStore store) {
        this.store = store;
    }

    public Map<String, Object> list(@Header("inAdherence") String inAdherence) {
        Boolean wanted = switch (inAdherence == null ? "" : inAdherence) {
            case "" -> null;
            case "true" -> true;
            case "false" -> false;
            default -> throw ApiException.badRequest("inAdherence must be true or false");
        };
        AdherenceStore.Snapshot snapshot = store.snapshot(agent -> wanted == null || agent.inAdherence() == wanted);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("sequenceId", snapshot.sequenceId());
        answer.put("agents", snapshot.agents().stream().map(AdherenceAgent::view).toList());
        return answer;
    }
}
