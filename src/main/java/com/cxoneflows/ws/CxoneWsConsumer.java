package com.cxoneflows.ws;

import com.cxoneflows.stream.StreamGate;
import com.cxoneflows.stream.StreamState;
import com.cxoneflows.auth.AccessToken;
import com.cxoneflows.auth.TokenUnavailableException;
import com.cxoneflows.http.Backoff;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One session thread owns the socket: it takes a token, connects (one attempt in flight, never two), runs
 * the on-connect hook, sends the opening frames and waits for their acks, then hands each event to the route
 * and waits for it before taking the next. Vert.x's event loop only queues frames; when the route falls
 * behind, the socket stops reading and TCP slows the server. Close codes follow {@link ClosePolicy}.
 */
public class CxoneWsConsumer extends DefaultConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(CxoneWsConsumer.class);

    /** What the event loop hands the session: a text frame, or the end of the socket. */
    private sealed interface Item permits Text, Closed {
    }

    private record Text(String frame, long receivedAt) implements Item {
    }

    private record Closed(int code, String reason) implements Item {
    }

    /** Why a connection attempt or a connection ended, and how long to wait before the next. */
    private static final class Failed extends Exception {
        Failed(String message) {
            super(message, null, false, false);
        }
    }

    private final CxoneWsEndpoint endpoint;
    private final CxoneWsConfiguration config;
    private final ClosePolicy closePolicy = ClosePolicy.contract();
    private final Clock clock = Clock.systemUTC();
    private final BlockingQueue<Item> frames = new LinkedBlockingQueue<>();

    private StreamState state;
    private StreamGate gate;
    private WebSocketClient client;
    private ExecutorService sessions;
    private ProducerTemplate hooks;
    private volatile WebSocket socket;
    private volatile boolean paused;
    private volatile int failures;
    private long connections;

    CxoneWsConsumer(CxoneWsEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
        this.config = endpoint.getConfiguration();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        state = endpoint.getStreamRegistry().stream(endpoint.getStream());
        gate = new StreamGate(state);
        client = endpoint.vertx().createWebSocketClient(new WebSocketClientOptions()
                .setConnectTimeout((int) config.getConnectTimeout())
                .setMaxFrameSize(config.getMaxFrameSize())
                .setMaxMessageSize(config.getMaxFrameSize())
                .setTcpKeepAlive(true));
        hooks = endpoint.getCamelContext().createProducerTemplate();
        sessions = endpoint.getCamelContext().getExecutorServiceManager().newSingleThreadExecutor(this, "cxone-ws-" + endpoint.getStream());
        gate.open();
        sessions.submit(this::runSessions);
    }

    @Override
    protected void doStop() throws Exception {
        if (gate != null) {
            gate.close();
        }
        WebSocket open = socket;
        if (open != null) {
            open.close((short) 1000, "client stopping");
        }
        frames.add(new Closed(1000, "client stopping"));
        if (sessions != null) {
            endpoint.getCamelContext().getExecutorServiceManager().shutdownGraceful(sessions, 10_000);
        }
        if (client != null) {
            client.close();
        }
        if (hooks != null) {
            hooks.close();
        }
        if (state != null) {
            state.connected(false);
        }
        super.doStop();
    }

    private void runSessions() {
        while (gate.isRunning()) {
            gate.awaitNotStopped();
            if (!gate.isRunning()) {
                return;
            }
            Duration wait;
            try {
                wait = session();
            } catch (Failed failed) {
                state.lastError(failed.getMessage());
                LOG.debug("Stream {}: {}", endpoint.getStream(), failed.getMessage());
                wait = afterFailure();
            } catch (RuntimeException unexpected) {
                state.lastError(unexpected.getMessage());
                getExceptionHandler().handleException("stream " + endpoint.getStream() + " failed; reconnecting", unexpected);
                wait = afterFailure();
            } finally {
                closeSocket();
            }
            gate.pause(wait);
        }
    }

    /** One connection, from token to close: returns how long to wait before the next. */
    private Duration session() throws Failed {
        AccessToken token;
        try {
            token = config.getTokenService().token(Duration.ofSeconds(30));
        } catch (TokenUnavailableException e) {
            throw new Failed("no token: " + e.getMessage());
        }
        WebSocket ws = connect(token);
        long connection = ++connections;
        long openedAt = System.nanoTime();
        Exchange hook = config.getOnConnectTiming() == CxoneWsConfiguration.HookTiming.beforeSubscribe ? runHook(connection) : null;
        List<Text> held = subscribe(ws, token, hook);
        if (config.getOnConnectTiming() == CxoneWsConfiguration.HookTiming.afterAck) {
            runHook(connection);
        }
        if (connections > 1) {
            state.reconnected();
        }
        state.connected(true);
        state.lastError(null);
        LOG.info("Stream {} connected and subscribed (connection {})", endpoint.getStream(), connection);
        for (Text event : held) {
            if (!deliver(event, connection)) {
                return resubscribe();
            }
        }
        while (gate.isRunning()) {
            Item item = take(Duration.ofSeconds(1));
            if (item instanceof Closed closed) {
                return onClose(closed, token, openedAt);
            }
            if (item instanceof Text text) {
                ServerFrame frame = config.getProtocol().classify(text.frame());
                switch (frame.kind()) {
                    case EVENT -> {
                        if (!deliver(text, connection)) {
                            return resubscribe();
                        }
                    }
                    case REPLY -> ws.writeTextMessage(frame.detail());
                    case REJECT -> LOG.warn("Stream {}: the server refused: {}", endpoint.getStream(), frame.detail());
                    default -> LOG.trace("Stream {}: ignored frame {}", endpoint.getStream(), text.frame());
                }
            }
        }
        return Duration.ZERO;
    }

    private WebSocket connect(AccessToken token) throws Failed {
        frames.clear();
        paused = false;
        WebSocketConnectOptions options = new WebSocketConnectOptions().setAbsoluteURI(endpoint.socketUri().toString());
        config.getProtocol().upgradeHeaders(token).forEach(options::addHeader);
        WebSocket ws;
        try {
            ws = client.connect(options).toCompletionStage().toCompletableFuture()
                    .get(config.getConnectTimeout() + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UpgradeRejectedException rejected) {
                if (rejected.getStatus() == 401) {
                    config.getTokenService().invalidate(token.value());
                }
                throw new Failed("upgrade refused with HTTP " + rejected.getStatus());
            }
            throw new Failed("cannot connect: " + e.getCause().getClass().getSimpleName() + " " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw new Failed("connect timed out");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failed("interrupted");
        }
        // a socket this session closed itself (a resubscribe) may still report its close while the next one runs:
        // only the current socket's frames and close reach the queue
        socket = ws;
        ws.textMessageHandler(text -> {
            if (socket != ws) {
                return;
            }
            frames.add(new Text(text, clock.millis()));
            if (!paused && frames.size() >= config.getMaxQueuedFrames()) {
                paused = true;
                ws.pause();
            }
        });
        ws.closeHandler(closed -> {
            if (socket == ws) {
                frames.add(new Closed(ws.closeStatusCode() == null ? 1006 : ws.closeStatusCode(), ws.closeReason()));
            }
        });
        ws.exceptionHandler(error -> LOG.debug("Stream {}: socket error {}", endpoint.getStream(), error.toString()));
        return ws;
    }

    /** Sends the opening frames and waits for one ack each; events that arrive first are held back, in order. */
    private List<Text> subscribe(WebSocket ws, AccessToken token, Exchange hook) throws Failed {
        List<String> opening = config.getProtocol().openingFrames(token, hook);
        opening.forEach(ws::writeTextMessage);
        List<Text> held = new ArrayList<>();
        int awaiting = opening.size();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.getAckTimeout());
        while (awaiting > 0) {
            long left = deadline - System.nanoTime();
            Item item = left <= 0 ? null : take(Duration.ofNanos(left));
            if (item == null) {
                throw new Failed("no ack within " + config.getAckTimeout() + " ms");
            }
            if (item instanceof Closed closed) {
                throw new Failed("closed " + closed.code() + " " + closed.reason() + " before the ack");
            }
            Text text = (Text) item;
            ServerFrame frame = config.getProtocol().classify(text.frame());
            switch (frame.kind()) {
                case ACK -> {
                    awaiting--;
                    deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.getAckTimeout());
                }
                case REJECT -> throw new Failed("subscription rejected: " + frame.detail());
                case EVENT -> held.add(text);
                case REPLY -> ws.writeTextMessage(frame.detail());
                default -> LOG.trace("Stream {}: ignored frame {}", endpoint.getStream(), text.frame());
            }
        }
        return held;
    }

    private Exchange runHook(long connection) throws Failed {
        if (config.getOnConnect() == null || config.getOnConnect().isBlank()) {
            return null;
        }
        Exchange result = hooks.send(config.getOnConnect(), exchange -> {
            exchange.getIn().setHeader(CxoneWsConstants.STREAM, endpoint.getStream());
            exchange.getIn().setHeader(CxoneWsConstants.CONNECTION, connection);
            exchange.getIn().setHeader(CxoneWsConstants.HOOK_PHASE, config.getOnConnectTiming().name());
        });
        if (result.getException() != null) {
            throw new Failed("on-connect hook " + config.getOnConnect() + " failed: " + result.getException().getMessage());
        }
        return result;
    }

    /** The route asked for a new subscription: this socket ends and the next connects at once. */
    private Duration resubscribe() {
        LOG.info("Stream {}: the route asked to subscribe again; reconnecting", endpoint.getStream());
        return Duration.ZERO;
    }

    /** Hands one event to the route; false when the route asked for a new subscription ({@link CxoneWsConstants#RESUBSCRIBE}). */
    private boolean deliver(Text text, long connection) throws Failed {
        Exchange exchange = createExchange(false);
        try {
            exchange.getIn().setBody(text.frame());
            exchange.getIn().setHeader(CxoneWsConstants.STREAM, endpoint.getStream());
            exchange.getIn().setHeader(CxoneWsConstants.CONNECTION, connection);
            exchange.getIn().setHeader(CxoneWsConstants.RECEIVED_AT, text.receivedAt());
            try {
                getProcessor().process(exchange);
            } catch (Exception e) {
                exchange.setException(e);
            }
            if (exchange.getException() != null) {
                getExceptionHandler().handleException("frame of stream " + endpoint.getStream() + " failed", exchange,
                        exchange.getException());
                throw new Failed("the route failed a frame: " + exchange.getException().getMessage());
            }
            state.event();
            return !exchange.getIn().getHeader(CxoneWsConstants.RESUBSCRIBE, false, Boolean.class);
        } finally {
            releaseExchange(exchange, false);
        }
    }

    private Duration onClose(Closed closed, AccessToken token, long openedAt) {
        state.connected(false);
        state.lastError("closed " + closed.code() + (closed.reason() == null || closed.reason().isEmpty() ? "" : " " + closed.reason()));
        if (System.nanoTime() - openedAt >= TimeUnit.MILLISECONDS.toNanos(config.getStableAfter())) {
            failures = 0;
        }
        switch (closePolicy.decide(closed.code(), closed.reason())) {
            case STOP -> {
                gate.stop("closed " + closed.code() + " (" + closed.reason() + "): not retryable");
                return Duration.ZERO;
            }
            case RENEW_TOKEN -> {
                config.getTokenService().invalidate(token.value());
                LOG.info("Stream {} closed 4001 (token expired): renewing the token and reconnecting", endpoint.getStream());
                return Duration.ZERO;
            }
            default -> {
                LOG.info("Stream {} closed {} {}: reconnecting", endpoint.getStream(), closed.code(),
                        closed.reason() == null ? "" : closed.reason());
                return afterFailure();
            }
        }
    }

    private Duration afterFailure() {
        state.connected(false);
        int failed = ++failures;
        if (config.getMaxAttempts() > 0 && failed >= config.getMaxAttempts()) {
            gate.stop("gave up after " + failed + " failed attempts");
            return Duration.ZERO;
        }
        long base = Math.max(1, Math.min(config.getRetryDelay(), config.getMaxRetryDelay()));
        return Backoff.exponential(Duration.ofMillis(base), Duration.ofMillis(Math.max(base, config.getMaxRetryDelay())))
                .delay(failed - 1);
    }

    private Item take(Duration wait) {
        try {
            Item item = frames.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
            WebSocket ws = socket;
            if (paused && ws != null && frames.size() <= config.getMaxQueuedFrames() / 2) {
                paused = false;
                ws.resume();
            }
            return item;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            gate.close();
            return null;
        }
    }

    private void closeSocket() {
        WebSocket ws = socket;
        socket = null;
        if (ws != null && !ws.isClosed()) {
            ws.close();
        }
        state.connected(false);
    }

}
