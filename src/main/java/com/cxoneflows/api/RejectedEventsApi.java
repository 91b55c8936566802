package com.cxoneflows.api;

import com.cxoneflows.store.RejectedEvent;
import com.cxoneflows.store.RejectedEventStore;
import com.cxoneflows.stream.Timestamps;
import org.apache.camel.Header;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /api/rejected-events?flow=&limit=}: the newest events a flow refused, and why. */
public class RejectedEventsApi {

    private final RejectedEventStore store;

    public RejectedEventsApi(RejectedEventStore store) {
        this.store = store;
    }

    public Map<String, Object> list(@Header("flow") String flow, @Header("limit") String limit) {
        String name = ApiParameters.name("flow", flow);
        if (name == null) {
            throw ApiException.badRequest("flow is required, e.g. ?flow=contact-state");
        }
        List<Map<String, Object>> events = store.latest(name, ApiParameters.limit(limit, 100, 1000)).stream()
                .map(RejectedEventsApi::view).toList();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("rejectedEvents", events);
        answer.put("count", events.size());
        return answer;
    }

    private static Map<String, Object> view(RejectedEvent event) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", event.id());
        view.put("flow", event.flow());
        view.put("eventId", event.eventId());
        view.put("subjectId", event.subjectId());
        view.put("from", event.fromState());
        view.put("to", event.toState());
        view.put("reason", event.reason());
        view.put("recordedAt", Timestamps.format(event.recordedAt()));
        view.put("data", event.data());
        return view;
    }
}
