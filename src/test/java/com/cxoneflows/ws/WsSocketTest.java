package com.cxoneflows.ws;

import com.cxoneflows.testing.FreePorts;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The socket's back-pressure over a real WebSocket: a queue of two frames pauses and resumes Vert.x's reading about
 * every other frame while the session takes frames as fast as they come; every frame must arrive, in order, none
 * late by seconds. (The pause that landed after the session's resume and left a socket paused for good, seen once
 * in the agent benchmark, needs the event loop preempted at one exact point: this test did not make it happen.)
 */
class WsSocketTest {

    private static final int FRAMES = 200_000;

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aSessionTakingFramesAsFastAsTheyComeGetsEveryOneThroughPauseAndResume() throws Exception {
        int port = FreePorts.next();
        vertx.createHttpServer().webSocketHandler(ws -> send(ws, 0)).listen(port)
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        WebSocketClient client = vertx.createWebSocketClient();
        WsSocket socket = WsSocket.open(client, new WebSocketConnectOptions().setAbsoluteURI("ws://127.0.0.1:" + port + "/"),
                Duration.ofSeconds(10), 2, Clock.systemUTC(), "test", frame -> null);

        int taken = 0;
        while (taken < FRAMES) {
            WsSocket.Item item = socket.take(Duration.ofSeconds(5));
            assertThat(item).as("frame %d of %d (the socket stalled)", taken + 1, FRAMES).isInstanceOf(WsSocket.Text.class);
            assertThat(((WsSocket.Text) item).frame()).isEqualTo(String.valueOf(taken));
            taken++;
        }
        socket.close();
    }

    /** Sends frames {@code from} on, as fast as the socket's write queue takes them. */
    private void send(ServerWebSocket ws, int from) {
        int next = from;
        while (next < FRAMES && !ws.writeQueueFull()) {
            ws.writeTextMessage(String.valueOf(next++));
        }
        if (next < FRAMES) {
            int resumeAt = next;
            ws.drainHandler(drained -> send(ws, resumeAt));
        }
    }
}
