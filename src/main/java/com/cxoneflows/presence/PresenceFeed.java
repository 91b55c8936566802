package com.cxoneflows.presence;

import com.cxoneflows.stream.StreamSnapshot;
import com.cxoneflows.stream.StreamState;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The browser feed of {@code /api/presence/stream} (the feed contract in the README): events with ids rising by
 * one, shared by every browser ({@code updates} batches from the coalescing window, {@code upstream} when the
 * product's own socket goes up or down), the last {@code replay-events} of them kept for browsers that come back
 * with {@code Last-Event-ID}, and the state as of the last event for a {@code snapshot}. Publishing hands an event
 * to each browser's bounded queue and returns: a slow browser never holds up the flow or the other browsers.
 *
 * <p>Ids start at the process's start time in milliseconds, not at 1: a browser that reconnects after a restart
 * then names an id the new process never issued and gets a snapshot, instead of the replay of somebody else's
 * events (the feed emits at most one event per coalescing window of at least 10 ms, plus the rare upstream one,
 * so a later process always starts above an earlier one's last id).
 */
public class PresenceFeed {

    /** One event as it goes on the wire. */
    record FeedEvent(long id, String text) {
    }

    private final PresenceSettings settings;
    private final ObjectMapper json;
    private final StreamState upstream;
    private final PresenceMeters meters;
    private final Deque<FeedEvent> replay = new ArrayDeque<>();
    private final Map<String, Map<String, Object>> shown = new TreeMap<>();
    private final Set<BrowserClient> browsers = ConcurrentHashMap.newKeySet();
    private long lastId;
    private boolean connected;
    private String lastError;
    private FeedEvent snapshot;

    public PresenceFeed(PresenceSettings settings, ObjectMapper json, StreamState upstream, PresenceMeters meters, long firstId) {
        this.settings = settings;
        this.json = json;
        this.upstream = upstream;
        this.meters = meters;
        this.lastId = firstId - 1;
        meters.countBrowsers(browsers::size);
    }

    /** A coalescing window's batch: one {@code updates} event with each user's full row. */
    public synchronized void publishUpdates(Map<String, UserPresence> batch) {
        List<Map<String, Object>> rows = batch.values().stream().map(UserPresence::row).toList();
        rows.forEach(row -> shown.put((String) row.get("userId"), row));
        emit("updates", Map.of("updates", rows));
    }

    /** An {@code upstream} event when the product's socket went up or down, or failed otherwise while down. */
    public synchronized void watchUpstream() {
        StreamSnapshot now = upstream.snapshot();
        String error = now.connected() ? null : now.lastError();
        if (now.connected() == connected && Objects.equals(error, lastError)) {
            return;
        }
        connected = now.connected();
        lastError = error;
        emit("upstream", upstreamStatus());
    }

    /** A {@code : keep-alive} comment for every browser that got nothing for {@code cxone.presence.keep-alive}. */
    public void keepAlive() {
        browsers.forEach(browser -> browser.keepAliveIfIdle(settings.keepAlive()));
    }

    private void emit(String type, Object data) {
        FeedEvent event = new FeedEvent(++lastId, frame(lastId, type, data));
        replay.addLast(event);
        while (replay.size() > settings.replayEvents()) {
            replay.removeFirst();
        }
        snapshot = null;
        browsers.forEach(browser -> browser.offer(event));
    }

    /** The state as of the last event, with that event's id: every user shown, the fields, the upstream status. */
    synchronized FeedEvent snapshot() {
        if (snapshot == null) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("users", new ArrayList<>(shown.values()));
            data.put("fields", settings.fields());
            data.put("upstream", upstreamStatus());
            snapshot = new FeedEvent(lastId, frame(lastId, "snapshot", data));
        }
        return snapshot;
    }

    boolean full() {
        return browsers.size() >= settings.maxBrowsers();
    }

    /**
     * Adds a browser and gives it its opening: every kept event after {@code lastEventId}, or a snapshot when there
     * is none or it is no longer kept. Under the feed's lock, so no event falls between the opening and the rest.
     */
    synchronized void attach(BrowserClient browser, String lastEventId) {
        List<FeedEvent> missed = keptAfter(lastEventId);
        browsers.add(browser);
        browser.open(missed != null ? missed : List.of(snapshot()));
    }

    void detach(BrowserClient browser) {
        browsers.remove(browser);
    }

    void resynced() {
        meters.resynced();
    }

    /** The kept events after {@code lastEventId}, or null when it is absent, not a number, in the future or forgotten. */
    private List<FeedEvent> keptAfter(String lastEventId) {
        long after;
        try {
            after = Long.parseLong(lastEventId == null ? "" : lastEventId.trim());
        } catch (NumberFormatException noId) {
            return null;
        }
        long oldestKept = replay.isEmpty() ? lastId + 1 : replay.peekFirst().id();
        if (after > lastId || after < oldestKept - 1) {
            return null;
        }
        return replay.stream().filter(event -> event.id() > after).toList();
    }

    private Map<String, Object> upstreamStatus() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("connected", connected);
        status.put("lastError", lastError);
        return status;
    }

    private String frame(long id, String type, Object data) {
        try {
            return "id: " + id + "\nevent: " + type + "\ndata: " + json.writeValueAsString(data) + "\n\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a presence feed event", e);
        }
    }
}
