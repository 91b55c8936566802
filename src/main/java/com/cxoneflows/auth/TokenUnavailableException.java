package com.cxoneflows.auth;

/** No token could be had in time; the message says why and never carries a secret. */
public class TokenUnavailableException extends RuntimeException {

    private final boolean stillRequesting;

    public TokenUnavailableException(String message) {
        this(message, false);
    }

    public TokenUnavailableException(String message, Throwable cause) {
        super(message, cause);
        this.stillRequesting = false;
    }

    TokenUnavailableException(String message, boolean stillRequesting) {
        super(message);
        this.stillRequesting = stillRequesting;
    }

    /**
     * True when the wait ran out while the token endpoint is still being asked (its {@code Retry-After} or the
     * backoff is running): waiting again joins that request, and sends no new one.
     */
    public boolean isStillRequesting() {
        return stillRequesting;
    }
}
