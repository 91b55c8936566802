package com.cxoneflows.stream;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * The live state of one stream, shared by the component that reads it (connection, cursor, reconnects)
 * and the beans that apply its events (duplicates, invalid transitions, malformed events).
 */
public final class StreamState {

    private final String name;
    private final AtomicBoolean active = new AtomicBoolean();
    private final AtomicBoolean connected = new AtomicBoolean();
    private final AtomicBoolean stopped = new AtomicBoolean();
    /** An SSE stream's last event id (text), or a socket stream's last applied sequence (a Long, a number in JSON). */
    private final AtomicReference<Object> cursor = new AtomicReference<>();
    private final AtomicReference<String> lastError = new AtomicReference<>();
    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong invalidTransitions = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private volatile BooleanSupplier restartAction = () -> false;

    StreamState(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    public StreamSnapshot snapshot() {
        return new StreamSnapshot(name, connected.get(), cursor.get(), reconnects.get(), events.get(), duplicates.get(),
                invalidTransitions.get(), malformed.get(), stopped.get(), lastError.get(), null);
    }

    /** Whether a reader runs for this stream at all (a disabled flow's stream does not count for readiness). */
    public void active(boolean value) {
        active.set(value);
    }

    public boolean isActive() {
        return active.get();
    }

    public void connected(boolean value) {
        connected.set(value);
    }

    public boolean isConnected() {
        return connected.get();
    }

    public void stopped(boolean value) {
        stopped.set(value);
    }

    public void cursor(String lastEventId) {
        cursor.set(lastEventId);
    }

    public void cursor(long sequence) {
        cursor.set(sequence);
    }

    public void lastError(String value) {
        lastError.set(value);
    }

    public void reconnected() {
        reconnects.incrementAndGet();
    }

    public void event() {
        events.incrementAndGet();
    }

    public void duplicate() {
        duplicates.incrementAndGet();
    }

    public void invalidTransition() {
        invalidTransitions.incrementAndGet();
    }

    public void malformed() {
        malformed.incrementAndGet();
    }

    public long reconnects() {
        return reconnects.get();
    }

    public long events() {
        return events.get();
    }

    public long duplicates() {
        return duplicates.get();
    }

    public long invalidTransitions() {
        return invalidTransitions.get();
    }

    public long malformedEvents() {
        return malformed.get();
    }

    /** What {@code POST /api/streams/{name}/restart} does: set by the component reading the stream. */
    public void onRestart(BooleanSupplier action) {
        this.restartAction = action;
    }

    /** Restarts a stopped stream; false if it was not stopped. */
    public boolean restart() {
        return restartAction.getAsBoolean();
    }
}
