package com.cxoneflows.sse;

import com.cxoneflows.stream.StreamGate;
import com.cxoneflows.stream.StreamState;
import com.cxoneflows.auth.AccessToken;
import com.cxoneflows.auth.TokenService;
import com.cxoneflows.auth.TokenUnavailableException;
import com.cxoneflows.http.Backoff;
import com.cxoneflows.http.RetryAfter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.launchdarkly.eventsource.ErrorStrategy;
import com.launchdarkly.eventsource.EventSource;
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
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Reads one stream on one thread and hands each event to the route before reading the next, so the
 * route's pace is the stream's pace (TCP flow control does the rest). Reconnects follow contract §2:
 * a fresh token on every connect and a proactive rotation before expiry (resuming from the last event
 * the route took, so nothing is lost or repeated); {@code 401} or a {@code stream.error} 401 renews the
 * token; {@code 429}/{@code 503} wait for {@code Retry-After}; other failures back off exponentially with
 * jitter from the server's {@code retry:}, capped; {@code 204} stops the stream until it is restarted;
 * {@code 400 invalid_last_event_id} takes the snapshot and resumes from it.
 */
public class CxoneSseConsumer extends DefaultConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(CxoneSseConsumer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private enum CloseReason { NONE, ROTATE, IDLE, STOP }

    private final CxoneSseEndpoint endpoint;
    private final CxoneSseConfiguration config;
    private final Clock clock = Clock.systemUTC();

    private StreamState state;
    private StreamGate gate;
    private OkHttpClient http;
    private ExecutorService reader;
    private ScheduledExecutorService timers;
    private volatile EventSource current;
    private volatile CloseReason closeReason = CloseReason.NONE;
    private volatile long lastActivityNanos;
    private volatile String lastDeliveredId;
    private boolean everConnected;
    private volatile int failures;
    private long serverRetryMillis;

    CxoneSseConsumer(CxoneSseEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
        this.config = endpoint.getConfiguration();
        this.serverRetryMillis = config.getRetryDelay();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        state = endpoint.getStreamRegistry().stream(endpoint.getStream());
        gate = new StreamGate(state);
        http = new OkHttpClient.Builder()
                .connectTimeout(config.getConnectTimeout(), TimeUnit.MILLISECONDS)
                .readTimeout(0, TimeUnit.MILLISECONDS)
                .writeTimeout(10, TimeUnit.SECONDS)
                .retryOnConnectionFailure(false)
                .connectionPool(new ConnectionPool(1, 1, TimeUnit.SECONDS))
                .socketFactory(new KeepAliveSocketFactory())
                .build();
        var executors = endpoint.getCamelContext().getExecutorServiceManager();
        timers = executors.newScheduledThreadPool(this, "cxone-sse-" + endpoint.getStream() + "-timer", 1);
        reader = executors.newSingleThreadExecutor(this, "cxone-sse-" + endpoint.getStream());
        gate.open();
        reader.submit(this::readUntilStopped);
    }

    @Override
    protected void doStop() throws Exception {
        if (gate != null) {
            gate.close();
        }
        closeCurrent(CloseReason.STOP);
        var executors = endpoint.getCamelContext().getExecutorServiceManager();
        if (reader != null) {
            executors.shutdownGraceful(reader, 10_000);
            executors.shutdownNow(timers);
        }
        if (http != null) {
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
        if (state != null) {
            state.connected(false);
        }
        super.doStop();
    }

    private void readUntilStopped() {
        lastDeliveredId = loadCursor();
        state.cursor(lastDeliveredId);
        // Without a cursor the stream gives live events only: start from the snapshot so nothing before is missing.
        boolean needsSnapshot = lastDeliveredId == null && endpoint.snapshotUri() != null;
        while (needsSnapshot && gate.isRunning()) {
            needsSnapshot = !startFromSnapshot();
        }
        while (gate.isRunning()) {
            try {
                gate.awaitNotStopped();
                if (!gate.isRunning()) {
                    return;
                }
                gate.pause(connectAndRead());
            } catch (RuntimeException unexpected) {
                getExceptionHandler().handleException("stream " + endpoint.getStream() + " failed; reconnecting", unexpected);
                gate.pause(nextBackoff());
            }
        }
    }

    private String loadCursor() {
        while (gate.isRunning()) {
            try {
                return config.getCursorStore().load(endpoint.getStream(), config.filterKey()).orElse(null);
            } catch (RuntimeException e) {
                state.lastError("cannot read the cursor: " + e.getMessage());
                getExceptionHandler().handleException("stream " + endpoint.getStream() + " cannot read its cursor", e);
                gate.pause(nextBackoff());
            }
        }
        return null;
    }

    /** One connection: returns how long to wait before the next one. */
    private Duration connectAndRead() {
        AccessToken token;
        try {
            token = config.getTokenService().token(Duration.ofMillis(config.getTokenTimeout()));
        } catch (TokenUnavailableException e) {
            state.lastError(e.getMessage());
            LOG.debug("Stream {} has no token: {}", endpoint.getStream(), e.getMessage());
            return nextBackoff();
        }
        EventSource source = new EventSource.Builder(new SseConnectStrategy(http, endpoint.streamUri(), token.authorizationHeader()))
                .lastEventId(lastDeliveredId)
                .retryDelay(serverRetryMillis, TimeUnit.MILLISECONDS)
                .errorStrategy(ErrorStrategy.alwaysThrow())
                .build();
        closeReason = CloseReason.NONE;
        current = source;
        ScheduledFuture<?> rotation = timers.schedule(() -> close(source, CloseReason.ROTATE),
                Math.max(0, Duration.between(clock.instant(), token.renewAt()).toMillis()), TimeUnit.MILLISECONDS);
        ScheduledFuture<?> idleWatch = config.getIdleTimeout() <= 0 ? null : timers.scheduleWithFixedDelay(
                () -> closeIfIdle(source), config.getIdleTimeout() / 4 + 1, config.getIdleTimeout() / 4 + 1, TimeUnit.MILLISECONDS);
        try {
            source.start();
            onConnected();
            while (gate.isRunning()) {
                StreamEvent event = source.readAnyEvent();
                lastActivityNanos = System.nanoTime();
                serverRetryMillis = source.getBaseRetryDelayMillis();
                if (event instanceof MessageEvent message) {
                    if ("stream.error".equals(message.getEventName())) {
                        return onStreamError(message, token);
                    }
                    if (!deliver(message)) {
                        return nextBackoff();
                    }
                    failures = 0;
                }
            }
            return Duration.ZERO;
        } catch (StreamRefusedException refused) {
            return onRefused(refused, token);
        } catch (StreamClosedByCallerException closed) {
            return onClosedByUs();
        } catch (StreamException lost) {
            state.lastError("disconnected: " + describe(lost));
            LOG.info("Stream {} disconnected ({}); resuming from {}", endpoint.getStream(), describe(lost), lastDeliveredId);
            return nextBackoff();
        } finally {
            rotation.cancel(false);
            if (idleWatch != null) {
                idleWatch.cancel(false);
            }
            current = null;
            source.close();
            state.connected(false);
        }
    }

    private void onConnected() {
        lastActivityNanos = System.nanoTime();
        if (everConnected) {
            state.reconnected();
        }
        everConnected = true;
        state.connected(true);
        state.lastError(null);
        LOG.info("Stream {} connected{}", endpoint.getStream(), lastDeliveredId == null ? " (live events only)" : " after event " + lastDeliveredId);
    }

    private Duration onClosedByUs() {
        switch (closeReason) {
            case ROTATE -> {
                LOG.info("Stream {}: token due for renewal, reconnecting with a new one after event {}", endpoint.getStream(), lastDeliveredId);
                return Duration.ZERO;
            }
            case IDLE -> {
                state.lastError("idle for more than " + config.getIdleTimeout() + " ms");
                LOG.warn("Stream {} sent nothing for {} ms, not even a keep-alive: reconnecting", endpoint.getStream(), config.getIdleTimeout());
                return Duration.ZERO;
            }
            default -> {
                return Duration.ZERO;
            }
        }
    }

    private Duration onRefused(StreamRefusedException refused, AccessToken token) {
        int status = refused.getCode();
        state.lastError(refused.getMessage());
        if (status == 401) {
            config.getTokenService().invalidate(token.value());
            LOG.info("Stream {} refused the token (401): renewing it", endpoint.getStream());
            return failures++ == 0 ? Duration.ZERO : nextBackoff();
        }
        if (status == 429 || status == 503) {
            Optional<Duration> retryAfter = RetryAfter.parse(refused.retryAfter(), clock);
            failures++;
            Duration wait = retryAfter.orElseGet(this::nextBackoff);
            LOG.info("Stream {} answered {}: reconnecting in {} ms", endpoint.getStream(), status, wait.toMillis());
            return wait;
        }
        if (status == 204) {
            gate.stop("the server answered 204: do not reconnect");
            return Duration.ZERO;
        }
        if (status == 400 && refused.body().contains("invalid_last_event_id")) {
            return resumeFromSnapshot(token);
        }
        LOG.warn("Stream {} refused: {}; retrying with backoff", endpoint.getStream(), refused.getMessage());
        return nextBackoff();
    }

    private Duration onStreamError(MessageEvent message, AccessToken token) {
        int status = 0;
        try {
            status = JSON.readTree(message.getData()).path("status").asInt();
        } catch (IOException ignored) {
            // an unreadable stream.error is still an error: back off
        }
        state.lastError("stream.error " + message.getData());
        if (status == 401) {
            config.getTokenService().invalidate(token.value());
            LOG.info("Stream {}: token expired mid-stream, renewing it and resuming after event {}", endpoint.getStream(), lastDeliveredId);
            return Duration.ZERO;
        }
        LOG.warn("Stream {} reported an error: {}", endpoint.getStream(), message.getData());
        return nextBackoff();
    }

    private boolean startFromSnapshot() {
        LOG.info("Stream {} has no cursor yet: taking the snapshot first", endpoint.getStream());
        try {
            Duration wait = takeSnapshot(config.getTokenService().token(Duration.ofMillis(config.getTokenTimeout())));
            gate.pause(wait);
            return lastDeliveredId != null;
        } catch (TokenUnavailableException e) {
            state.lastError(e.getMessage());
            gate.pause(nextBackoff());
            return false;
        }
    }

    /** The cursor is unknown to the server: replace the filter's state by the snapshot, then resume from it. */
    private Duration resumeFromSnapshot(AccessToken token) {
        if (endpoint.snapshotUri() == null) {
            gate.stop("the server refused cursor " + lastDeliveredId + " and the endpoint has no snapshotPath");
            return Duration.ZERO;
        }
        LOG.warn("Stream {} refused cursor {} (invalid_last_event_id): taking the snapshot", endpoint.getStream(), lastDeliveredId);
        return takeSnapshot(token);
    }

    /** Replaces the filter's state by the snapshot and moves the cursor to it; returns the wait before the next step. */
    private Duration takeSnapshot(AccessToken token) {
        Request request = new Request.Builder().url(endpoint.snapshotUri().toString())
                .header("Accept", "application/json").header("Authorization", token.authorizationHeader()).build();
        try (Response response = http.newCall(request).execute()) {
            if (response.code() == 401) {
                config.getTokenService().invalidate(token.value());
                return Duration.ZERO;
            }
            if (response.code() != 200 || response.body() == null) {
                state.lastError("snapshot answered " + response.code());
                return nextBackoff();
            }
            String snapshot = response.body().string();
            JsonNode lastEventId = JSON.readTree(snapshot).path("lastEventId");
            if (!lastEventId.isTextual()) {
                state.lastError("snapshot without lastEventId");
                return nextBackoff();
            }
            Exchange exchange = eventExchange(snapshot, lastEventId.asText(), CxoneSseConstants.SNAPSHOT);
            if (!process(exchange, lastEventId.asText())) {
                return nextBackoff();
            }
            LOG.info("Stream {} replaced its state with the snapshot at event {}", endpoint.getStream(), lastEventId.asText());
            return Duration.ZERO;
        } catch (IOException e) {
            state.lastError("snapshot failed: " + e.getMessage());
            return nextBackoff();
        }
    }

    private boolean deliver(MessageEvent message) {
        String id = message.getLastEventId();
        // WHATWG: an empty event type buffer dispatches as "message"
        String type = message.getEventName() == null || message.getEventName().isEmpty() ? "message" : message.getEventName();
        return process(eventExchange(message.getData(), id, type), id);
    }

    private Exchange eventExchange(String body, String id, String type) {
        Exchange exchange = createExchange(false);
        exchange.getIn().setBody(body);
        exchange.getIn().setHeader(CxoneSseConstants.STREAM, endpoint.getStream());
        exchange.getIn().setHeader(CxoneSseConstants.FILTER, config.filterKey());
        exchange.getIn().setHeader(CxoneSseConstants.EVENT_ID, id);
        exchange.getIn().setHeader(CxoneSseConstants.EVENT_TYPE, type);
        exchange.getIn().setHeader(CxoneSseConstants.RECEIVED_AT, clock.millis());
        return exchange;
    }

    /** Hands one exchange to the route and waits for it; the cursor moves only if the route took it. */
    private boolean process(Exchange exchange, String id) {
        try {
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        try {
            if (exchange.getException() != null) {
                state.lastError("event " + id + " failed: " + exchange.getException().getMessage());
                getExceptionHandler().handleException("event " + id + " of stream " + endpoint.getStream()
                        + " failed; reconnecting after the last event taken (" + lastDeliveredId + ")", exchange, exchange.getException());
                return false;
            }
            lastDeliveredId = id;
            state.cursor(id);
            if (!CxoneSseConstants.SNAPSHOT.equals(exchange.getIn().getHeader(CxoneSseConstants.EVENT_TYPE))) {
                state.event();
            }
            return true;
        } finally {
            releaseExchange(exchange, false);
        }
    }

    private void close(EventSource source, CloseReason reason) {
        if (current == source) {
            closeReason = reason;
            source.interrupt();
        }
    }

    private void closeCurrent(CloseReason reason) {
        EventSource source = current;
        if (source != null) {
            closeReason = reason;
            source.close();
        }
    }

    private void closeIfIdle(EventSource source) {
        if (System.nanoTime() - lastActivityNanos > TimeUnit.MILLISECONDS.toNanos(config.getIdleTimeout())) {
            close(source, CloseReason.IDLE);
        }
    }

    private Duration nextBackoff() {
        long base = Math.max(1, Math.min(serverRetryMillis, config.getMaxRetryDelay()));
        return Backoff.exponential(Duration.ofMillis(base), Duration.ofMillis(Math.max(base, config.getMaxRetryDelay())))
                .delay(failures++);
    }

    private static String describe(StreamException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }
}
