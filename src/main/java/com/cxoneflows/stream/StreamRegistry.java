package com.cxoneflows.stream;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/** Every stream the running flows read, by flow name: the source of {@code /api/streams} and readiness. */
public class StreamRegistry {

    private final Map<String, StreamState> streams = new ConcurrentSkipListMap<>();

    /** The state of a stream, created on first use by whichever side (reader or flow) comes first. */
    public StreamState stream(String name) {
        return streams.computeIfAbsent(name, StreamState::new);
    }

    public List<StreamSnapshot> snapshots() {
        return streams.values().stream().map(StreamState::snapshot).toList();
    }

    public Optional<StreamState> find(String name) {
        return Optional.ofNullable(streams.get(name));
    }
}
