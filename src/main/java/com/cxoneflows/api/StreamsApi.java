package com.cxoneflows.api;

import com.cxoneflows.stream.StreamRegistry;
import com.cxoneflows.stream.StreamState;
import org.apache.camel.Header;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /api/streams} and {@code POST /api/streams/{name}/restart}. */
public class StreamsApi {

    private final StreamRegistry registry;

    public StreamsApi(StreamRegistry registry) {
        this.registry = registry;
    }

    public Map<String, Object> list() {
        return Map.of("streams", registry.snapshots());
    }

    public Map<String, Object> restart(@Header("name") String name) {
        String stream = ApiParameters.name("stream name", name);
        StreamState status = registry.find(stream == null ? "" : stream)
                .orElseThrow(() -> ApiException.notFound("no stream " + name));
        if (!status.restart()) {
            throw new ApiException(409, "stream " + stream + " is not stopped");
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("name", stream);
        answer.put("restarted", true);
        return answer;
    }
}
