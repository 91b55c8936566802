package com.cxoneflows.contact;

import com.cxoneflows.stream.Timestamps;
import com.cxoneflows.transition.TransitionMatrix;
import com.cxoneflows.api.ApiException;
import com.cxoneflows.api.ApiParameters;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Header;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /api/contacts/{id}} and {@code GET /api/contacts?state=&limit=}, with the spec's field names. */
public class ContactApi {

    private final ContactStore store;
    private final TransitionMatrix matrix;
    private final ObjectMapper json;

    public ContactApi(ContactStore store, TransitionMatrix matrix, ObjectMapper json) {
        this.store = store;
        this.matrix = matrix;
        this.json = json;
    }

    public Map<String, Object> get(@Header("id") String id) {
        String contactId = ApiParameters.opaqueId("contact id", id);
        return store.find(contactId).map(this::view).orElseThrow(() -> ApiException.notFound("no contact " + contactId));
    }

    public Map<String, Object> list(@Header("state") String state, @Header("limit") String limit) {
        String wanted = state == null || state.isEmpty() ? null : state;
        if (wanted != null && !matrix.isState(wanted)) {
            throw ApiException.badRequest("state must be one of " + matrix.states());
        }
        List<Map<String, Object>> contacts = store.byState(wanted, ApiParameters.limit(limit, 100, 10_000)).stream()
                .map(this::view).toList();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("contacts", contacts);
        answer.put("count", contacts.size());
        answer.put("total", store.count());
        return answer;
    }

    private Map<String, Object> view(ContactRecord record) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", record.id());
        view.put("state", record.state());
        view.put("previousState", record.previousState());
        view.put("lastEventId", record.lastEventId());
        view.put("updatedAt", Timestamps.utc(record.updatedAt()));
        try {
            view.put("contact", json.readTree(record.contactJson()));
        } catch (IOException e) {
            throw new IllegalStateException("stored contact " + record.id() + " is not JSON", e);
        }
        return view;
    }
}
