package com.cxoneflows.testing;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A test client for an SSE stream on a real socket: java.net.http over HTTP/1.1 and a WHATWG event-stream
 * parser (CR, LF and CRLF line ends, comments, multi-line data), so that tests see exactly what the server framed.
 */
public final class SseStream implements AutoCloseable {

    /** One dispatched event; {@code id} is the last event id in force when it was dispatched. */
    public record Event(String id, String type, String data) {

        public JsonNode json() {
            try {
                return Http.JSON.readTree(data);
            } catch (IOException e) {
                throw new AssertionError("event data is not JSON: " + data, e);
            }
        }
    }

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final Event END = new Event(null, null, null);
    private static final int RAW_CAPTURE = 64 * 1024;

    private final HttpResponse<InputStream> response;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final ByteArrayOutputStream raw = new ByteArrayOutputStream();
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final StringBuilder data = new StringBuilder();
    private volatile int comments;
    private volatile boolean ended;
    private String body;
    private String lastEventId = "";
    private String type = "";
    private boolean afterCr;

    private SseStream(HttpResponse<InputStream> response) {
        this.response = response;
    }

    /** Opens the stream; {@code token} and {@code lastEventId} are left out when null. */
    public static SseStream open(String url, String token, String lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET()
                .header("Accept", "text/event-stream").header("Cache-Control", "no-cache");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        try {
            SseStream stream = new SseStream(CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
            stream.startReading();
            return stream;
        } catch (IOException e) {
            throw new AssertionError("cannot open " + url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void startReading() throws IOException {
        if (response.statusCode() != 200) {
            try (InputStream in = response.body()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            ended = true;
            return;
        }
        Thread reader = new Thread(this::read, "sse-reader");
        reader.setDaemon(true);
        reader.start();
    }

    public int status() {
        return response.statusCode();
    }

    public String header(String name) {
        return response.headers().firstValue(name).orElse("");
    }

    /** The body of a refused stream (not 200). */
    public String body() {
        return body;
    }

    public JsonNode bodyJson() {
        try {
            return Http.JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    /** The next event, waiting up to 5 s; fails if none comes or the stream ended. */
    public Event next() {
        try {
            Event event = events.poll(5, TimeUnit.SECONDS);
            if (event == null) {
                throw new AssertionError("no event within 5 s");
            }
            if (event == END) {
                events.add(END);
                throw new AssertionError("the stream ended");
            }
            return event;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public List<Event> next(int count) {
        List<Event> taken = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            taken.add(next());
        }
        return taken;
    }

    /** Whether the server closed the stream (end of body or connection gone) and every event was taken. */
    public boolean ended() {
        return ended && (events.isEmpty() || events.peek() == END);
    }

    public int comments() {
        return comments;
    }

    /** The first 64 KiB of the body exactly as received. */
    public String raw() {
        synchronized (raw) {
            return raw.toString(StandardCharsets.UTF_8);
        }
    }

    private void read() {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = response.body()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                capture(buffer, n);
                parse(buffer, n);
            }
        } catch (IOException closed) {
            // the server dropped the connection, or close() was called: both end the stream
        } finally {
            ended = true;
            events.add(END);
        }
    }

    private void capture(byte[] buffer, int n) {
        synchronized (raw) {
            int room = RAW_CAPTURE - raw.size();
            if (room > 0) {
                raw.write(buffer, 0, Math.min(room, n));
            }
        }
    }

    private void parse(byte[] buffer, int n) {
        int start = 0;
        for (int i = 0; i < n; i++) {
            byte b = buffer[i];
            if (b != '\r' && b != '\n') {
                afterCr = false;
                continue;
            }
            line.write(buffer, start, i - start);
            start = i + 1;
            if (b == '\n' && afterCr) {
                afterCr = false;
                continue;
            }
            afterCr = b == '\r';
            dispatchLine(line.toString(StandardCharsets.UTF_8));
            line.reset();
        }
        line.write(buffer, start, n - start);
    }

    private void dispatchLine(String text) {
        if (text.isEmpty()) {
            if (data.length() > 0) {
                data.setLength(data.length() - 1);
                events.add(new Event(lastEventId, type.isEmpty() ? "message" : type, data.toString()));
            }
            data.setLength(0);
            type = "";
            return;
        }
        if (text.startsWith(":")) {
            comments++;
            return;
        }
        int colon = text.indexOf(':');
        String field = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? "" : text.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "id" -> lastEventId = value.indexOf('\0') >= 0 ? lastEventId : value;
            case "event" -> type = value;
            case "data" -> data.append(value).append('\n');
            default -> {
                // retry and unknown fields change nothing the tests look at
            }
        }
    }

    @Override
    public void close() {
        try {
            response.body().close();
        } catch (IOException ignored) {
            // closing is best effort: the test is done with the stream
        }
    }
}
