package com.cxoneflows.simulator.contact;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * The raw fault: exactly the posted bytes after the 200 head, each chunk written and flushed on its own with
 * the delay between (so that a CRLF can straddle two network reads), then keep-alives until the client goes.
 */
final class RawStream {

    private final StreamEnvironment env;
    private final HttpServerResponse response;
    private final ConnectionPlan.Raw raw;
    private long keepAlive = -1;
    private boolean closed;

    RawStream(StreamEnvironment env, HttpServerResponse response, ConnectionPlan.Raw raw) {
        this.env = env;
        this.response = response;
        this.raw = raw;
    }

    void start() {
        StreamConnection.begin(response);
        response.closeHandler(gone -> stop());
        response.exceptionHandler(error -> stop());
        writeFrom(0);
    }

    private void writeFrom(int index) {
        int chunk = index;
        while (!closed && chunk < raw.chunks().size()) {
            response.write(Buffer.buffer(raw.chunks().get(chunk++)));
            if (raw.delayMs() > 0 && chunk < raw.chunks().size()) {
                int following = chunk;
                env.sim().vertx().setTimer(raw.delayMs(), id -> writeFrom(following));
                return;
            }
        }
        if (!closed && chunk == raw.chunks().size()) {
            keepAlive = env.sim().vertx().setPeriodic(env.config().get().keepAliveMs(), id -> response.write(": keep-alive\n\n"));
        }
    }

    private void stop() {
        closed = true;
        env.sim().vertx().cancelTimer(keepAlive);
    }
}
