package com.cxoneflows.ws;

import com.cxoneflows.testing.FreePorts;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.parsetools.RecordParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
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

    /**
     * The server answers the upgrade and closes with {@code 4001} in one TCP write, so Vert.x may read the close before
     * the socket's handlers are set: the session must still get the close with its code (it renews the token on 4001),
     * not a failed connect. Repeated, as the order in which Vert.x completes the two varies.
     */
    @Test
    void aCloseThatComesWithTheUpgradeReachesTheSessionWithItsCode() throws Exception {
        int port = FreePorts.next();
        vertx.createNetServer().connectHandler(tcp -> tcp.handler(
                        RecordParser.newDelimited("\r\n\r\n", request -> tcp.write(upgradeAndClose(request.toString())))))
                .listen(port).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        WebSocketClient client = vertx.createWebSocketClient();
        for (int attempt = 0; attempt < 50; attempt++) {
            WsSocket socket = WsSocket.open(client, new WebSocketConnectOptions().setAbsoluteURI("ws://127.0.0.1:" + port + "/"),
                    Duration.ofSeconds(10), 16, Clock.systemUTC(), "test", frame -> null);
            assertThat(socket.take(Duration.ofSeconds(5))).as("attempt %d", attempt).isEqualTo(new WsSocket.Closed(4001, "token expired"));
            socket.close();
        }
    }

    /** The 101 answer to {@code request} (RFC 6455 §4.2.2) followed at once by a close frame, code 4001. */
    private static Buffer upgradeAndClose(String request) {
        String key = request.lines().filter(line -> line.toLowerCase(Locale.ROOT).startsWith("sec-websocket-key:"))
                .map(line -> line.substring(line.indexOf(':') + 1).trim()).findFirst().orElseThrow();
        String accept;
        try {
            accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                    .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] reason = "token expired".getBytes(StandardCharsets.UTF_8);
        Buffer out = Buffer.buffer("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n");
        return out.appendByte((byte) 0x88).appendByte((byte) (2 + reason.length)).appendShort((short) 4001).appendBytes(reason);
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
