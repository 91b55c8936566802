package com.cxoneflows.sse;

import com.launchdarkly.eventsource.StreamHttpErrorException;

/**
 * The server answered the stream request with something other than {@code 200 text/event-stream}:
 * carries the status, the {@code Retry-After} header and the start of the body that the reconnect policy needs.
 */
public class StreamRefusedException extends StreamHttpErrorException {

    private final String retryAfter;
    private final String body;

    public StreamRefusedException(int status, String retryAfter, String body) {
        super(status);
        this.retryAfter = retryAfter;
        this.body = body == null ? "" : body;
    }

    public String retryAfter() {
        return retryAfter;
    }

    public String body() {
        return body;
    }

    @Override
    public String getMessage() {
        return "stream refused with HTTP " + getCode() + (body.isEmpty() ? "" : ": " + body);
    }
}
