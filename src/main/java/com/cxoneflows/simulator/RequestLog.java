package com.cxoneflows.simulator;

import com.cxoneflows.stream.Timestamps;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/** The last requests the simulator answered ({@link Recent}), for tests and demos ({@code GET /_sim/requests}). */
public final class RequestLog {

    private final Clock clock;
    private final Deque<RecordedRequest> requests = new ArrayDeque<>();

    public RequestLog(Clock clock) {
        this.clock = clock;
    }

    public void record(String method, String path, String query, int status, String token, Map<String, String> detail) {
        long now = clock.millis();
        RecordedRequest request = new RecordedRequest(now, Timestamps.format(java.time.Instant.ofEpochMilli(now)), method, path,
                query, status, token, Map.copyOf(detail));
        synchronized (requests) {
            Recent.append(requests, request);
        }
    }

    public List<RecordedRequest> matching(String pathPrefix) {
        synchronized (requests) {
            List<RecordedRequest> result = new ArrayList<>();
            for (RecordedRequest request : requests) {
                if (pathPrefix == null || request.path().startsWith(pathPrefix)) {
                    result.add(request);
                }
            }
            return result;
        }
    }

    public void clear() {
        synchronized (requests) {
            requests.clear();
        }
    }
}
