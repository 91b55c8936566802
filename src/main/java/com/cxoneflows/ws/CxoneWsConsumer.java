package com.cxoneflows.ws;

import com.cxoneflows.auth.AccessToken;
import com.cxoneflows.stream.StreamConsumer;
import com.cxoneflows.stream.StreamEvent;
import com.cxoneflows.ws.WsSocket.Closed;
import com.cxoneflows.ws.WsSocket.Item;
import com.cxoneflows.ws.WsSocket.Text;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One session thread owns the socket: it takes a token, connects (one attempt in flight, never two), runs
 * the on-connect hook, sends the opening frames and waits for their acks, then hands each event (or, with
 * {@code maxBatch}, the events already read, up to that many) to the route and waits for it before taking the next. Vert.x's event loop only queues frames; when the route falls
 * behind, the socket stops reading and TCP slows the server. Close codes follow {@link ClosePolicy}, before the
 * ack as after it; a refused upgrade follows {@link com.cxoneflows.stream.RefusalPolicy}.
 */
public class CxoneWsConsumer extends StreamConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(CxoneWsConsumer.class);

    /** Why a connection attempt or a connection ended; {@code retryIn} when a policy already chose the wait. */
    private static final class Failed extends Exception {

        private final Duration retryIn;

        Failed(String message) {
            this(message, null);
        }

        Failed(String message, Duration retryIn) {
            super(message, null, false, false);
            this.retryIn = retryIn;
        }
    }

    private final CxoneWsEndpoint endpoint;
    private final CxoneWsConfiguration config;
    private final ClosePolicy closePolicy = ClosePolicy.contract();

    private WebSocketClient client;
    private ProducerTemplate hooks;
    private volatile WsSocket socket;
    private long connections;

    CxoneWsConsumer(CxoneWsEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
        this.config = endpoint.getConfiguration();
    }

    @Override
    protected void openClients() {
        client = endpoint.vertx().createWebSocketClient(new WebSocketClientOptions()
                .setConnectTimeout((int) config.getConnectTimeout())
                .setMaxFrameSize(config.getMaxFrameSize())
                .setMaxMessageSize(config.getMaxFrameSize())
                .setTcpKeepAlive(true));
        hooks = endpoint.getCamelContext().createProducerTemplate();
    }

    @Override
    protected void interruptConnection() {
        WsSocket open = socket;
        if (open != null) {
            open.stop("client stopping");
        }
    }

    @Override
    protected void closeClients() throws Exception {
        if (client != null) {
            client.close();
        }
        if (hooks != null) {
            hooks.close();
        }
    }

    @Override
    protected void afterFailedAttempt(int failuresInARow) {
        if (config.getMaxAttempts() > 0 && failuresInARow >= config.getMaxAttempts()) {
            gate().stop("gave up after " + failuresInARow + " failed attempts");
        }
    }

    @Override
    protected Duration connectOnce() {
        try {
            return session();
        } catch (NoToken none) {
            return none.retryIn();
        } catch (Failed failed) {
            state().lastError(failed.getMessage());
            if (failed.retryIn != null) {
                return failed.retryIn; // the policy that chose the wait has said why
            }
            Duration wait = backoff();
            if (gate().isRunning()) {
                LOG.warn("Stream {}: {}; trying again in {} ms", stream(), failed.getMessage(), wait.toMillis());
            }
            return wait;
        } finally {
            closeSocket();
        }
    }

    /** One connection, from token to close: returns how long to wait before the next. */
    private Duration session() throws NoToken, Failed {
        AccessToken token = token();
        WsSocket ws = connect(token);
        long connection = ++connections;
        long openedAt = System.nanoTime();
        Exchange hook = config.getOnConnectTiming() == CxoneWsConfiguration.HookTiming.beforeSubscribe ? runHook(connection) : null;
        List<Text> held = subscribe(ws, token, hook, openedAt);
        if (config.getOnConnectTiming() == CxoneWsConfiguration.HookTiming.afterAck) {
            runHook(connection);
        }
        if (connections > 1) {
            state().reconnected();
        }
        state().connected(true);
        state().lastError(null);
        LOG.info("Stream {} connected and subscribed (connection {})", stream(), connection);
        for (int from = 0; from < held.size(); from += config.getMaxBatch()) {
            if (!deliver(held.subList(from, Math.min(held.size(), from + config.getMaxBatch())), connection)) {
                return resubscribe();
            }
        }
        while (gate().isRunning()) {
            Item first = take(ws, Duration.ofSeconds(1));
            if (first == null) {
                continue;
            }
            Read read = read(ws, first);
            if (!read.events().isEmpty() && !deliver(read.events(), connection)) {
                return resubscribe();
            }
            if (read.closed() != null) {
                return onClose(read.closed(), token, openedAt);
            }
        }
        return Duration.ZERO;
    }

    /** What one turn of the session read: the events for one exchange, and the close if it came right after them. */
    private record Read(List<Text> events, Closed closed) {
    }

    /**
     * Reads from {@code first} on: one event, or with {@code maxBatch} above 1 the events already queued behind it, up
     * to maxBatch, never waiting for more. The other frames met on the way are handled as they come (answers sent,
     * refusals logged); a close ends the batch.
     */
    private Read read(WsSocket ws, Item first) {
        List<Text> events = new ArrayList<>(Math.min(config.getMaxBatch(), 64));
        Item item = first;
        while (item != null) {
            if (item instanceof Closed closed) {
                return new Read(events, closed);
            }
            Text text = (Text) item;
            ServerFrame frame = config.getProtocol().classify(text.frame());
            switch (frame.kind()) {
                case EVENT -> events.add(text);
                case REPLY -> ws.send(frame.detail());
                case REJECT -> LOG.warn("Stream {}: the server refused: {}", stream(), frame.detail());
                default -> LOG.trace("Stream {}: ignored frame {}", stream(), text.frame());
            }
            item = config.isBatching() && events.size() < config.getMaxBatch() ? ws.poll() : null;
        }
        return new Read(events, null);
    }

    private WsSocket connect(AccessToken token) throws Failed {
        WebSocketConnectOptions options = new WebSocketConnectOptions().setAbsoluteURI(endpoint.socketUri().toString());
        config.getProtocol().upgradeHeaders(token).forEach(options::addHeader);
        try {
            socket = WsSocket.open(client, options, Duration.ofMillis(config.getConnectTimeout() + 1000),
                    config.getMaxQueuedFrames(), clock(), stream(), config.getProtocol()::immediateAnswer);
            return socket;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UpgradeRejectedException rejected) {
                String refusal = "upgrade refused with HTTP " + rejected.getStatus();
                state().lastError(refusal);
                throw new Failed(refusal, onRefused(rejected.getStatus(), rejected.getHeaders().get("Retry-After"),
                        rejected.getBody() == null ? "" : rejected.getBody().toString(), token));
            }
            throw new Failed("cannot connect: " + e.getCause().getClass().getSimpleName() + " " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw new Failed("connect timed out");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failed("interrupted");
        }
    }

    /** Sends the opening frames and waits for one ack each; events that arrive first are held back, in order. */
    private List<Text> subscribe(WsSocket ws, AccessToken token, Exchange hook, long openedAt) throws Failed {
        List<String> opening = config.getProtocol().openingFrames(token, hook);
        opening.forEach(ws::send);
        List<Text> held = new ArrayList<>();
        int awaiting = opening.size();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.getAckTimeout());
        while (awaiting > 0) {
            long left = deadline - System.nanoTime();
            Item item = left <= 0 ? null : take(ws, Duration.ofNanos(left));
            if (item == null) {
                throw new Failed("no ack within " + config.getAckTimeout() + " ms");
            }
            if (item instanceof Closed closed) {
                throw new Failed("closed " + closed.code() + " " + closed.reason() + " before the ack",
                        onClose(closed, token, openedAt));
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
                case REPLY -> ws.send(frame.detail());
                default -> LOG.trace("Stream {}: ignored frame {}", stream(), text.frame());
            }
        }
        return held;
    }

    private Exchange runHook(long connection) throws Failed {
        if (config.getOnConnect() == null || config.getOnConnect().isBlank()) {
            return null;
        }
        Exchange result = hooks.send(config.getOnConnect(), exchange -> {
            exchange.getIn().setHeader(CxoneWsConstants.STREAM, stream());
            exchange.getIn().setHeader(CxoneWsConstants.CONNECTION, connection);
            exchange.getIn().setHeader(CxoneWsConstants.HOOK_PHASE, config.getOnConnectTiming().name());
        });
        if (result.getException() != null) {
            throw new Failed("on-connect hook " + config.getOnConnect() + " failed: " + describe(result.getException()));
        }
        return result;
    }

    /** The route asked for a new subscription: this socket ends and the next connects at once. */
    private Duration resubscribe() {
        LOG.info("Stream {}: the route asked to subscribe again; reconnecting", stream());
        return Duration.ZERO;
    }

    /**
     * A hook's failure in a line: a failed HTTP call (a split wraps it) as its status and address without the query
     * (a baseline's names 50 agents), anything else as its message.
     */
    private static String describe(Exception failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof HttpOperationFailedException http) {
                String uri = http.getUri() == null ? "" : http.getUri().replaceFirst("\\?.*", "");
                return "HTTP " + http.getStatusCode() + " from " + uri;
            }
        }
        return failure.getMessage();
    }

    /**
     * Hands events to the route in one exchange: the frame's text when {@code maxBatch} is 1, else a list of
     * {@link StreamEvent}; false when the route asked for a new subscription ({@link CxoneWsConstants#RESUBSCRIBE}).
     */
    private boolean deliver(List<Text> events, long connection) throws Failed {
        Exchange exchange = createExchange(false);
        try {
            if (config.isBatching()) {
                exchange.getIn().setBody(events.stream()
                        .map(text -> new StreamEvent(null, null, text.frame(), text.receivedAt())).toList());
            } else {
                exchange.getIn().setBody(events.get(0).frame());
                exchange.getIn().setHeader(CxoneWsConstants.RECEIVED_AT, events.get(0).receivedAt());
            }
            exchange.getIn().setHeader(CxoneWsConstants.STREAM, stream());
            exchange.getIn().setHeader(CxoneWsConstants.CONNECTION, connection);
            String what = events.size() == 1 ? "a frame" : "a batch of " + events.size() + " frames";
            Exception failure = process(exchange, what);
            if (failure != null) {
                throw new Failed("the route failed " + what + ": " + failure.getMessage());
            }
            events.forEach(event -> state().event());
            return !exchange.getIn().getHeader(CxoneWsConstants.RESUBSCRIBE, false, Boolean.class);
        } finally {
            releaseExchange(exchange, false);
        }
    }

    private Duration onClose(Closed closed, AccessToken token, long openedAt) {
        state().connected(false);
        state().lastError("closed " + closed.code() + (closed.reason() == null || closed.reason().isEmpty() ? "" : " " + closed.reason()));
        if (System.nanoTime() - openedAt >= TimeUnit.MILLISECONDS.toNanos(config.getStableAfter())) {
            resetBackoff();
        }
        switch (closePolicy.decide(closed.code(), closed.reason())) {
            case STOP -> {
                gate().stop("closed " + closed.code() + " (" + closed.reason() + "): not retryable");
                return Duration.ZERO;
            }
            case RENEW_TOKEN -> {
                tokens().invalidate(token.value());
                LOG.info("Stream {} closed 4001 (token expired): renewing the token and reconnecting", stream());
                return Duration.ZERO;
            }
            default -> {
                LOG.info("Stream {} closed {} {}: reconnecting", stream(), closed.code(),
                        closed.reason() == null ? "" : closed.reason());
                return backoff();
            }
        }
    }

    private Item take(WsSocket ws, Duration wait) {
        try {
            return ws.take(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            gate().close();
            return null;
        }
    }

    private void closeSocket() {
        WsSocket ws = socket;
        socket = null;
        if (ws != null) {
            ws.close();
        }
        state().connected(false);
    }
}
