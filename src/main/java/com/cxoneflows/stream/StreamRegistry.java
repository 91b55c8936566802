package com.cxoneflows.stream;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Every stream the running flows read, by flow name: the source of {@code /api/streams}, readiness, and the
 * {@code cxone_stream_*} meters (events, duplicates, invalid transitions, malformed, reconnects, connected).
 */
public class StreamRegistry {

    private final Map<String, StreamState> streams = new ConcurrentSkipListMap<>();
    private final MeterRegistry meters;
    private volatile StreamReaders readers = StreamReaders.NONE;

    public StreamRegistry(MeterRegistry meters) {
        this.meters = meters;
    }

    /** In a cluster: who reads the streams, for each row's {@code node}. */
    public void readBy(StreamReaders clusterReaders) {
        this.readers = clusterReaders;
    }

    /** The state of a stream, created on first use by whichever side (reader or flow) comes first. */
    public StreamState stream(String name) {
        return streams.computeIfAbsent(name, this::create);
    }

    private StreamState create(String name) {
        StreamState state = new StreamState(name);
        Tags tags = Tags.of("stream", name);
        FunctionCounter.builder("cxone.stream.events", state, StreamState::events).tags(tags).register(meters);
        FunctionCounter.builder("cxone.stream.duplicates", state, StreamState::duplicates).tags(tags).register(meters);
        FunctionCounter.builder("cxone.stream.invalid.transitions", state, StreamState::invalidTransitions).tags(tags).register(meters);
        FunctionCounter.builder("cxone.stream.malformed", state, StreamState::malformedEvents).tags(tags).register(meters);
        FunctionCounter.builder("cxone.stream.reconnects", state, StreamState::reconnects).tags(tags).register(meters);
        Gauge.builder("cxone.stream.connected", state, s -> s.isConnected() ? 1 : 0).tags(tags).register(meters);
        return state;
    }

    public List<StreamSnapshot> snapshots() {
        return streams.values().stream().map(state -> state.snapshot().readBy(node(state))).toList();
    }

    /** This replica while it reads the stream, else the replica that reads the streams, if any. */
    private String node(StreamState state) {
        return state.isActive() ? readers.self().orElse(null) : readers.reader().orElse(null);
    }

    /** {@code active} or {@code standby}, by stream, for the streams of the flows that run; empty outside a cluster. */
    public Map<String, String> roles() {
        Map<String, String> roles = new TreeMap<>();
        if (readers.self().isPresent()) {
            streams.values().forEach(state -> roles.put(state.name(), state.isActive() ? "active" : "standby"));
        }
        return roles;
    }

    /** The streams whose reader runs. */
    public List<StreamSnapshot> active() {
        return streams.values().stream().filter(StreamState::isActive).map(StreamState::snapshot).toList();
    }

    public Optional<StreamState> find(String name) {
        return Optional.ofNullable(streams.get(name));
    }
}
