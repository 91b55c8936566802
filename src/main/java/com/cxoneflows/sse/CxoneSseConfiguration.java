package com.cxoneflows.sse;

import com.cxoneflows.store.CursorStore;
import com.cxoneflows.stream.StreamConnectionConfiguration;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Options of the {@code cxone-sse} endpoint, beside those every stream has; each is documented in its {@link UriParam}. */
@UriParams
public class CxoneSseConfiguration extends StreamConnectionConfiguration {

    @UriParam(label = "filter", description = "Comma-separated states to receive (the stream's state filter); "
            + "all when empty")
    private String states;
    @UriParam(label = "filter", description = "Queue to receive (the stream's queue_id filter); all when empty")
    private String queueId;
    @UriParam(label = "filter", description = "Server-side cap of events per second for the connection, passed "
            + "through as max_events")
    private Integer maxEvents;
    @UriParam(label = "consumer", description = "Path of the snapshot taken at a first start and when the server "
            + "refuses the cursor (400 invalid_last_event_id); without it such a stream stops")
    private String snapshotPath;
    @UriParam(label = "consumer", defaultValue = "0", description = "Reconnect when nothing, not even a keep-alive "
            + "comment, arrived for this many ms; 0: never")
    private long idleTimeout;
    @UriParam(label = "advanced", description = "Where the durable cursor is kept; the one in the registry by default")
    private CursorStore cursorStore;

    private transient String filterKey;

    /** A stable text for the filter, so that a cursor is only ever resumed with the filter it was taken with. */
    public String filterKey() {
        String key = filterKey;
        if (key == null) {
            key = "path=" + getPath() + ";state=" + normalizedStates() + ";queue_id=" + (queueId == null ? "" : queueId.trim());
            filterKey = key;
        }
        return key;
    }

    String normalizedStates() {
        if (states == null || states.isBlank()) {
            return "";
        }
        return Arrays.stream(states.split(",")).map(String::trim).filter(s -> !s.isEmpty()).sorted()
                .collect(Collectors.joining(","));
    }

    public String getStates() {
        return states;
    }

    public void setStates(String states) {
        this.states = states;
    }

    public String getQueueId() {
        return queueId;
    }

    public void setQueueId(String queueId) {
        this.queueId = queueId;
    }

    public Integer getMaxEvents() {
        return maxEvents;
    }

    public void setMaxEvents(Integer maxEvents) {
        this.maxEvents = maxEvents;
    }

    public String getSnapshotPath() {
        return snapshotPath;
    }

    public void setSnapshotPath(String snapshotPath) {
        this.snapshotPath = snapshotPath;
    }

    public long getIdleTimeout() {
        return idleTimeout;
    }

    public void setIdleTimeout(long idleTimeout) {
        this.idleTimeout = idleTimeout;
    }

    public CursorStore getCursorStore() {
        return cursorStore;
    }

    public void setCursorStore(CursorStore cursorStore) {
        this.cursorStore = cursorStore;
    }
}
