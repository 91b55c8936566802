package com.cxoneflows.simulator;

import com.cxoneflows.testing.Http;
import com.cxoneflows.testing.SimulatorClient;
import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.http.WebSocketFrameType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Base of the simulator tests that play a client over real WebSocket and HTTP connections: a fresh simulator for
 * each test, one Vert.x WebSocket client for the class, and every socket a test opened closed before its simulator.
 */
abstract class SimulatorOverSockets {

    /** HTTP/1.1 for the same reason as {@link Http}'s client. */
    static final HttpClient HTTP_1_1 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /**
     * A client socket as a test sees it: each text frame, as JSON, goes to {@link #received(JsonNode)}; it counts the
     * server's pings and keeps how it closed (code, reason, whether a close frame came at all).
     */
    abstract static class ObservedSocket {

        final WebSocket ws;
        final AtomicInteger pings = new AtomicInteger();
        volatile boolean closeFrameSeen;
        volatile boolean closed;
        volatile Short closeCode;
        volatile String closeReason;

        /** Runs on the socket's event loop as it opens, so no frame can come before the handlers. */
        ObservedSocket(WebSocket ws) {
            this.ws = ws;
            ws.frameHandler(frame -> {
                if (frame.type() == WebSocketFrameType.TEXT) {
                    received(parse(frame.textData()));
                } else if (frame.type() == WebSocketFrameType.PING) {
                    pings.incrementAndGet();
                } else if (frame.type() == WebSocketFrameType.CLOSE) {
                    closeFrameSeen = true;
                }
            });
            ws.closeHandler(done -> {
                closeCode = ws.closeStatusCode();
                closeReason = ws.closeReason();
                closed = true;
            });
            ws.exceptionHandler(dropped -> {
                // an abrupt close is reported here as well as to the close handler
            });
        }

        abstract void received(JsonNode frame);

        /** Sends a frame as given when it is text, else as JSON. */
        void send(Object frame) {
            ws.writeTextMessage(frame instanceof String text ? text : Http.json(frame));
        }
    }

    private static Vertx vertx;
    private static WebSocketClient client;

    protected CxoneSimulator simulator;
    protected SimulatorClient sim;
    private final List<WebSocket> sockets = new ArrayList<>();

    @BeforeAll
    static void startClient() {
        vertx = Vertx.vertx();
        client = vertx.createWebSocketClient();
    }

    @AfterAll
    static void stopClient() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @BeforeEach
    void startSimulator() {
        simulator = CxoneSimulator.start(SimulatorSettings.defaults(0));
        sim = new SimulatorClient(simulator.baseUrl());
    }

    @AfterEach
    void stopSimulator() {
        sockets.forEach(WebSocket::close);
        simulator.close();
    }

    static JsonNode parse(String text) {
        try {
            return Http.JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    /** Opens a socket on {@code path}, with a bearer token unless it is null; {@code withHandlers} makes the test's view of it. */
    <S> S connect(String path, String token, Function<WebSocket, S> withHandlers) throws Exception {
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(simulator.port())
                .setURI(path);
        if (token != null) {
            options.addHeader("Authorization", "Bearer " + token);
        }
        // handlers go on in the completion callback, on the socket's event loop, so no frame can come first
        Future<WebSocket> connected = client.connect(options);
        S socket = connected.map(withHandlers).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        sockets.add(connected.result());
        return socket;
    }

    String token() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/oauth/v2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id="
                        + SimulatorSettings.DEMO_CLIENT_ID + "&client_secret=" + SimulatorSettings.DEMO_CLIENT_SECRET))
                .build();
        return parse(HTTP_1_1.send(request, HttpResponse.BodyHandlers.ofString()).body()).path("access_token").asText();
    }
}
