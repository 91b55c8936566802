package com.cxoneflows.sse;

import com.cxoneflows.auth.AccessToken;
import com.cxoneflows.stream.StreamConsumer;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.launchdarkly.eventsource.MessageEvent;
import com.launchdarkly.eventsource.StreamClosedByCallerException;
import com.launchdarkly.eventsource.StreamEvent;
import com.launchdarkly.eventsource.StreamException;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Reads one stream on one thread and hands each event to the route before reading the next, so the
 * route's pace is the stream's pace (TCP flow control does the rest); with {@code maxBatch} above 1, a second thread
 * reads at most one batch ahead and the route takes what was read, up to {@code maxBatch} events an exchange. A fresh token on every connect and a
 * proactive rotation before expiry, resuming from the last event the route took (nothing lost or repeated);
 * a {@code stream.error} 401 renews the token; backoff starts from the server's {@code retry:}; refusals follow
 * {@link com.cxoneflows.stream.RefusalPolicy}, and {@code 400 invalid_last_event_id} takes the snapshot and
 * resumes from it.
 *
 * <p>Over 300 lines: the contract's connection policy for SSE (token, refusals, stream.error, snapshot) is one story,
 * told in one place; the connection's own mechanics (timers, reading ahead) are in {@link SseConnection}.
 */
public class CxoneSseConsumer extends StreamConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(CxoneSseConsumer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CxoneSseEndpoint endpoint;
    private final CxoneSseConfiguration config;

    private OkHttpClient http;
    private ScheduledExecutorService timers;
    /** Reads each connection ahead of the route when it takes batches; null with {@code maxBatch=1}. */
    private ExecutorService readAhead;
    private volatile SseConnection current;
    private volatile String lastDeliveredId;
    private boolean everConnected;
    private volatile long serverRetryMillis;

    CxoneSseConsumer(CxoneSseEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
        this.config = endpoint.getConfiguration();
        this.serverRetryMillis = config.getRetryDelay();
    }

    @Override
    protected void openClients() {
        http = new OkHttpClient.Builder()
                .connectTimeout(config.getConnectTimeout(), TimeUnit.MILLISECONDS)
                .readTimeout(0, TimeUnit.MILLISECONDS)
                .writeTimeout(10, TimeUnit.SECONDS)
                .retryOnConnectionFailure(false)
                .connectionPool(new ConnectionPool(1, 1, TimeUnit.SECONDS))
                .socketFactory(new KeepAliveSocketFactory())
                .build();
        timers = endpoint.getCamelContext().getExecutorServiceManager()
                .newScheduledThreadPool(this, "cxone-sse-" + stream() + "-timer", 1);
        if (config.isBatching()) {
            readAhead = endpoint.getCamelContext().getExecutorServiceManager()
                    .newSingleThreadExecutor(this, "cxone-sse-" + stream() + "-read-ahead");
        }
    }

    @Override
    protected void interruptConnection() {
        SseConnection connection = current;
        if (connection != null) {
            connection.end(SseConnection.EndedBy.STOP);
        }
    }

    @Override
    protected void closeClients() {
        if (timers != null) {
            endpoint.getCamelContext().getExecutorServiceManager().shutdownNow(timers);
        }
        if (readAhead != null) {
            endpoint.getCamelContext().getExecutorServiceManager().shutdownNow(readAhead);
        }
        if (http != null) {
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
    }

    @Override
    protected long backoffBase() {
        return serverRetryMillis;
    }

    @Override
    protected void beforeFirstConnection() {
        lastDeliveredId = loadCursor();
        state().cursor(lastDeliveredId);
        // Without a cursor the stream gives live events only: start from the snapshot so nothing before is missing.
        boolean needsSnapshot = lastDeliveredId == null && endpoint.snapshotUri() != null;
        while (needsSnapshot && gate().isRunning()) {
            needsSnapshot = !startFromSnapshot();
        }
    }

    private String loadCursor() {
        while (gate().isRunning()) {
            try {
                return config.getCursorStore().load(stream(), config.filterKey()).orElse(null);
            } catch (RuntimeException e) {
                state().lastError("cannot read the cursor: " + e.getMessage());
                getExceptionHandler().handleException("stream " + stream() + " cannot read its cursor", e);
                gate().pause(backoff());
            }
        }
        return null;
    }

    @Override
    protected Duration connectOnce() {
        AccessToken token;
        try {
            token = token();
        } catch (NoToken none) {
            return none.retryIn();
        }
        SseConnection connection = new SseConnection(new SseConnectStrategy(http, endpoint.streamUri(), token.authorizationHeader()),
                lastDeliveredId, serverRetryMillis, timers, Duration.between(clock().instant(), token.renewAt()),
                Duration.ofMillis(Math.max(0, config.getIdleTimeout())));
        current = connection;
        try {
            connection.start();
            if (config.isBatching()) {
                connection.readAhead(readAhead, config.getMaxBatch());
            }
            onConnected();
            while (gate().isRunning()) {
                List<StreamEvent> read = connection.nextBatch(config.getMaxBatch());
                serverRetryMillis = connection.retryMillis();
                Duration ended = deliver(read, token);
                if (ended != null) {
                    return ended;
                }
            }
            return Duration.ZERO;
        } catch (StreamRefusedException refused) {
            state().lastError(refused.getMessage());
            return onRefused(refused.getCode(), refused.retryAfter(), refused.body(), token);
        } catch (StreamClosedByCallerException closed) {
            return onEndedByUs(connection.endedBy());
        } catch (StreamException lost) {
            state().lastError("disconnected: " + describe(lost));
            LOG.info("Stream {} disconnected ({}); resuming from {}", stream(), describe(lost), lastDeliveredId);
            return backoff();
        } finally {
            current = null;
            connection.close();
            state().connected(false);
        }
    }

    private void onConnected() {
        if (everConnected) {
            state().reconnected();
        }
        everConnected = true;
        state().connected(true);
        state().lastError(null);
        LOG.info("Stream {} connected{}", stream(), lastDeliveredId == null ? " (live events only)" : " after event " + lastDeliveredId);
    }

    private Duration onEndedByUs(SseConnection.EndedBy reason) {
        if (reason == SseConnection.EndedBy.ROTATION) {
            LOG.info("Stream {}: token due for renewal, reconnecting with a new one after event {}", stream(), lastDeliveredId);
        } else if (reason == SseConnection.EndedBy.IDLE) {
            state().lastError("idle for more than " + config.getIdleTimeout() + " ms");
            LOG.warn("Stream {} sent nothing for {} ms, not even a keep-alive: reconnecting", stream(), config.getIdleTimeout());
        }
        return Duration.ZERO;
    }

    private Duration onStreamError(MessageEvent message, AccessToken token) {
        int status = 0;
        try {
            status = JSON.readTree(message.getData()).path("status").asInt();
        } catch (IOException ignored) {
            // an unreadable stream.error is still an error: back off
        }
        state().lastError("stream.error " + message.getData());
        if (status == 401) {
            tokens().invalidate(token.value());
            LOG.info("Stream {}: token expired mid-stream, renewing it and resuming after event {}", stream(), lastDeliveredId);
            return Duration.ZERO;
        }
        LOG.warn("Stream {} reported an error: {}", stream(), message.getData());
        return backoff();
    }

    private boolean startFromSnapshot() {
        LOG.info("Stream {} has no cursor yet: taking the snapshot first", stream());
        try {
            gate().pause(takeSnapshot(token()));
        } catch (NoToken none) {
            gate().pause(none.retryIn());
        }
        return lastDeliveredId != null;
    }

    /** The cursor is unknown to the server: replace the filter's state by the snapshot, then resume from it. */
    @Override
    protected Duration onCursorRefused(AccessToken token) {
        if (endpoint.snapshotUri() == null) {
            gate().stop("the server refused cursor " + lastDeliveredId + " and the endpoint has no snapshotPath");
            return Duration.ZERO;
        }
        LOG.warn("Stream {} refused cursor {} (invalid_last_event_id): taking the snapshot", stream(), lastDeliveredId);
        return takeSnapshot(token);
    }

    /** Replaces the filter's state by the snapshot and moves the cursor to it; returns the wait before the next step. */
    private Duration takeSnapshot(AccessToken token) {
        Request request = new Request.Builder().url(endpoint.snapshotUri().toString())
                .header("Accept", "application/json").header("Authorization", token.authorizationHeader()).build();
        try (Response response = http.newCall(request).execute()) {
            if (response.code() == 401) {
                tokens().invalidate(token.value());
                return Duration.ZERO;
            }
            if (response.code() != 200 || response.body() == null) {
                state().lastError("snapshot answered " + response.code());
                return retryAfterOrBackoff(response);
            }
            String snapshot = response.body().string();
            String lastEventId = lastEventIdOf(snapshot);
            if (lastEventId == null) {
                state().lastError("snapshot without lastEventId");
                return backoff();
            }
            if (!deliver(eventExchange(snapshot, lastEventId, CxoneSseConstants.SNAPSHOT, clock().millis()), lastEventId, 0)) {
                return backoff();
            }
            LOG.info("Stream {} replaced its state with the snapshot at event {}", stream(), lastEventId);
            return Duration.ZERO;
        } catch (IOException e) {
            state().lastError("snapshot failed: " + e.getMessage());
            return backoff();
        }
    }

    /**
     * The wait after a refused snapshot: a {@code 429} or {@code 503} with {@code Retry-After} is waited out as the
     * stream's own answers are (contract §2, which names none for the snapshot), anything else backs off.
     */
    private Duration retryAfterOrBackoff(Response response) {
        Optional<Duration> wait = waitAsked(response.code(), response.header("Retry-After"));
        if (wait.isEmpty()) {
            return backoff();
        }
        LOG.info("Stream {}: the snapshot answered {}: asking again in {} ms", stream(), response.code(), wait.get().toMillis());
        return wait.get();
    }

    /**
     * The snapshot's top-level {@code lastEventId} (null if absent or not text), read by streaming past the contacts:
     * a tree of a snapshot of 100,000 contacts held next to its text took more than a 256 MB heap.
     */
    private static String lastEventIdOf(String snapshot) throws IOException {
        try (JsonParser parser = JSON.getFactory().createParser(snapshot)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("lastEventId".equals(field)) {
                    return value == JsonToken.VALUE_STRING ? parser.getText() : null;
                }
                parser.skipChildren();
            }
            return null;
        }
    }

    /**
     * Hands the messages read to the route, in one exchange with {@code maxBatch} above 1; a {@code stream.error} ends
     * the connection after the messages before it were taken. Returns null to go on reading, else the wait before the
     * next connection.
     */
    private Duration deliver(List<StreamEvent> read, AccessToken token) {
        List<com.cxoneflows.stream.StreamEvent> batch = new ArrayList<>(read.size());
        for (StreamEvent event : read) {
            if (event instanceof MessageEvent message) {
                if ("stream.error".equals(message.getEventName())) {
                    return batch.isEmpty() || deliver(batch) ? onStreamError(message, token) : backoff();
                }
                // WHATWG: an empty event type buffer dispatches as "message"
                String type = message.getEventName() == null || message.getEventName().isEmpty() ? "message" : message.getEventName();
                batch.add(new com.cxoneflows.stream.StreamEvent(message.getLastEventId(), type, message.getData(), clock().millis()));
            }
        }
        if (batch.isEmpty()) {
            return null;
        }
        if (!deliver(batch)) {
            return backoff();
        }
        resetBackoff();
        return null;
    }

    private boolean deliver(List<com.cxoneflows.stream.StreamEvent> batch) {
        com.cxoneflows.stream.StreamEvent last = batch.get(batch.size() - 1);
        Exchange exchange;
        if (config.isBatching()) {
            exchange = createExchange(false);
            exchange.getIn().setBody(batch);
            exchange.getIn().setHeader(CxoneSseConstants.STREAM, stream());
            exchange.getIn().setHeader(CxoneSseConstants.FILTER, config.filterKey());
        } else {
            exchange = eventExchange(last.data(), last.id(), last.type(), last.receivedAt());
        }
        return deliver(exchange, last.id(), batch.size());
    }

    private Exchange eventExchange(String body, String id, String type, long receivedAt) {
        Exchange exchange = createExchange(false);
        exchange.getIn().setBody(body);
        exchange.getIn().setHeader(CxoneSseConstants.STREAM, stream());
        exchange.getIn().setHeader(CxoneSseConstants.FILTER, config.filterKey());
        exchange.getIn().setHeader(CxoneSseConstants.EVENT_ID, id);
        exchange.getIn().setHeader(CxoneSseConstants.EVENT_TYPE, type);
        exchange.getIn().setHeader(CxoneSseConstants.RECEIVED_AT, receivedAt);
        return exchange;
    }

    /**
     * Hands one exchange to the route and waits for it; the cursor moves to {@code lastId} only if the route took it.
     *
     * @param events how many stream events the exchange holds (0: a snapshot)
     */
    private boolean deliver(Exchange exchange, String lastId, int events) {
        try {
            String what = events > 1 ? events + " events up to " + lastId : "event " + lastId;
            Exception failure = process(exchange, what + " (the last one taken: " + lastDeliveredId + ")");
            if (failure != null) {
                state().lastError(what + " failed: " + failure.getMessage());
                return false;
            }
            lastDeliveredId = lastId;
            state().cursor(lastId);
            for (int i = 0; i < events; i++) {
                state().event();
            }
            return true;
        } finally {
            releaseExchange(exchange, false);
        }
    }

    private static String describe(StreamException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }
}
