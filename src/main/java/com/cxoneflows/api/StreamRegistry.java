package com.cxoneflows.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/** Every stream the running flows read, by flow name: the source of {@code /api/streams} and readiness. */
public class StreamRegistry {

    private final Map<String, StreamStatus> streams = new ConcurrentSkipListMap<>();

    public void register(StreamStatus stream) {
        if (streams.putIfAbsent(stream.name(), stream) != null) {
            throw new IllegalStateException("two streams are named " + stream.name());
        }
    }

    public void unregister(String name) {
        streams.remove(name);
    }

    public List<StreamSnapshot> snapshots() {
        return streams.values().stream().map(StreamStatus::snapshot).toList();
    }

    public Optional<StreamStatus> find(String name) {
        return Optional.ofNullable(streams.get(name));
    }
}
