package com.cxoneflows.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A bare HTTP server on a real socket that answers each stream request with {@code 200 text/event-stream} and
 * then exactly the bytes a test scripted, one network write per chunk, so that frame boundaries (a CRLF split
 * across two reads, say) are under the test's control. Each connection takes the next script.
 */
public final class RawSseServer implements AutoCloseable {

    /** What one connection sends: chunks with a pause between them, then whether to hang up. */
    public record Script(List<byte[]> chunks, Duration pause, boolean hangUp) {

        public static Script of(String... chunks) {
            List<byte[]> bytes = new ArrayList<>();
            for (String chunk : chunks) {
                bytes.add(chunk.getBytes(StandardCharsets.UTF_8));
            }
            return new Script(bytes, Duration.ofMillis(100), false);
        }

        public static Script bytes(byte[]... chunks) {
            return new Script(List.of(chunks), Duration.ofMillis(100), false);
        }

        public Script thenHangUp() {
            return new Script(chunks, pause, true);
        }
    }

    /** A request the server received: when, and its headers (lower-case names). */
    public record Request(long atMillis, Map<String, String> headers) {
    }

    private final ServerSocket server;
    private final BlockingQueue<Script> scripts = new LinkedBlockingQueue<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    public RawSseServer() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptLoop, "raw-sse-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    public void enqueue(Script script) {
        scripts.add(script);
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                open.add(socket);
                Thread handler = new Thread(() -> serve(socket), "raw-sse-connection");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            BufferedReader reader = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            Map<String, String> headers = new java.util.HashMap<>();
            String line = reader.readLine();
            while ((line = reader.readLine()) != null && !line.isEmpty()) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.put(line.substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT), line.substring(colon + 1).trim());
                }
            }
            requests.add(new Request(System.currentTimeMillis(), Map.copyOf(headers)));
            Script script = scripts.poll(10, TimeUnit.SECONDS);
            OutputStream out = socket.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            if (script == null) {
                return;
            }
            for (byte[] chunk : script.chunks()) {
                out.write(chunk);
                out.flush();
                Thread.sleep(script.pause().toMillis());
            }
            if (!script.hangUp()) {
                // hold the stream open, as a live server would, until the client leaves
                while (socket.getInputStream().read() != -1) {
                    // nothing to read: the client never sends a body
                }
            }
        } catch (IOException | InterruptedException ended) {
            // the client closed the stream or the test ended
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : open) {
            socket.close();
        }
    }
}
