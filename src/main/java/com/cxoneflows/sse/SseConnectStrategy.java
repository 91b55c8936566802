package com.cxoneflows.sse;

import com.launchdarkly.eventsource.ConnectStrategy;
import com.launchdarkly.eventsource.StreamException;
import com.launchdarkly.eventsource.StreamIOException;
import com.launchdarkly.logging.LDLogger;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;

import java.io.IOException;
import java.net.URI;

/**
 * One connection attempt of a {@code cxone-sse} consumer: the request carries the token taken for this
 * attempt and {@code Last-Event-ID}; anything but {@code 200 text/event-stream} becomes a
 * {@link StreamRefusedException} with the status, {@code Retry-After} and body (okhttp-eventsource's own
 * strategy keeps only the status, and would read a {@code 204} as an empty stream).
 */
final class SseConnectStrategy extends ConnectStrategy {

    private static final int MAX_ERROR_BODY = 4096;

    private final OkHttpClient http;
    private final URI uri;
    private final String authorization;

    SseConnectStrategy(OkHttpClient http, URI uri, String authorization) {
        this.http = http;
        this.uri = uri;
        this.authorization = authorization;
    }

    @Override
    public Client createClient(LDLogger logger) {
        return new Client() {
            @Override
            public Result connect(String lastEventId) throws StreamException {
                Request.Builder request = new Request.Builder().url(uri.toString())
                        .header("Accept", "text/event-stream")
                        .header("Cache-Control", "no-cache")
                        .header("Authorization", authorization);
                if (lastEventId != null && !lastEventId.isEmpty()) {
                    request.header("Last-Event-ID", lastEventId);
                }
                Call call = http.newCall(request.build());
                Response response;
                try {
                    response = call.execute();
                } catch (IOException e) {
                    throw new StreamIOException(e);
                }
                String contentType = response.header("Content-Type", "");
                if (response.code() != 200 || !contentType.startsWith("text/event-stream")) {
                    String body = errorBody(response);
                    response.close();
                    throw new StreamRefusedException(response.code(), response.header("Retry-After"), body);
                }
                ResponseBody body = response.body();
                return new Result(new ByteOrderMarkSkipper(body.byteStream()), uri, call::cancel);
            }

            @Override
            public boolean awaitClosed(long timeoutMillis) {
                return true;
            }

            @Override
            public URI getOrigin() {
                return uri;
            }

            @Override
            public void close() {
                // the HTTP client is shared by every attempt of the consumer, which closes it
            }
        };
    }

    private static String errorBody(Response response) {
        try (ResponseBody body = response.body()) {
            if (body == null) {
                return "";
            }
            BufferedSource source = body.source();
            source.request(MAX_ERROR_BODY);
            Buffer buffer = source.getBuffer();
            return buffer.readUtf8(Math.min(buffer.size(), MAX_ERROR_BODY)).strip();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
