package com.cxoneflows.sse;

import com.cxoneflows.stream.StreamConnectionConfiguration;
import com.cxoneflows.store.CursorStore;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Options of the {@code cxone-sse} endpoint. */
@UriParams
public class CxoneSseConfiguration extends StreamConnectionConfiguration implements Cloneable {

    @UriParam(description = "Comma-separated states to receive (the stream's state filter); all when empty")
    private String states;
    @UriParam(description = "Queue to receive (the stream's queue_id filter); all when empty")
    private String queueId;
    @UriParam(description = "Server-side cap of events per second for the connection, passed through")
    private Integer maxEvents;
    @UriParam(description = "Path of the snapshot taken when the server refuses the cursor (400 invalid_last_event_id); "
            + "without it such a stream stops")
    private String snapshotPath;
    @UriParam(description = "Reconnect when nothing, not even a keep-alive comment, arrived for this many ms; 0: never",
            defaultValue = "0")
    private long idleTimeout;
    @UriParam(description = "How long to wait for a token before a connection attempt counts as failed, in ms",
            defaultValue = "30000")
    private long tokenTimeout = 30000;
    @UriParam(description = "Where the durable cursor is read at start; the one in the registry by default")
    private CursorStore cursorStore;

    /** A stable text for the filter, so that a cursor is only ever resumed with the filter it was taken with. */
    public String filterKey() {
        String key = filterKey;
        if (key == null) {
            key = "path=" + getPath() + ";state=" + normalizedStates() + ";queue_id=" + (queueId == null ? "" : queueId.trim());
            filterKey = key;
        }
        return key;
    }

    private transient String filterKey;

    String normalizedStates() {
        if (states == null || states.isBlank()) {
            return "";
        }
        return Arrays.stream(states.split(",")).map(String::trim).filter(s -> !s.isEmpty()).sorted()
                .collect(Collectors.joining(","));
    }

    public CxoneSseConfiguration copy() {
        try {
            return (CxoneSseConfiguration) clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    public String getStates() {
        return states;
    }

    /** Comma-separated states to receive; all when empty. */
    public void setStates(String states) {
        this.states = states;
    }

    public String getQueueId() {
        return queueId;
    }

    /** Queue to receive; all when empty. */
    public void setQueueId(String queueId) {
        this.queueId = queueId;
    }

    public Integer getMaxEvents() {
        return maxEvents;
    }

    /** Server-side cap of events per second, passed through as {@code max_events}. */
    public void setMaxEvents(Integer maxEvents) {
        this.maxEvents = maxEvents;
    }

    public String getSnapshotPath() {
        return snapshotPath;
    }

    /** Path of the snapshot to take when the server refuses the cursor. */
    public void setSnapshotPath(String snapshotPath) {
        this.snapshotPath = snapshotPath;
    }

    public long getIdleTimeout() {
        return idleTimeout;
    }

    /** Reconnect after this many ms without a byte (events or keep-alive comments); 0 never. */
    public void setIdleTimeout(long idleTimeout) {
        this.idleTimeout = idleTimeout;
    }

    public long getTokenTimeout() {
        return tokenTimeout;
    }

    /** How long a connection attempt waits for a token, in ms. */
    public void setTokenTimeout(long tokenTimeout) {
        this.tokenTimeout = tokenTimeout;
    }

    public CursorStore getCursorStore() {
        return cursorStore;
    }

    /** The durable cursors; looked up in the registry when not set. */
    public void setCursorStore(CursorStore cursorStore) {
        this.cursorStore = cursorStore;
    }
}
