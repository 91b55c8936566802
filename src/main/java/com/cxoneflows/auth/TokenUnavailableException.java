package com.cxoneflows.auth;

/** No token could be had in time; the message says why and never carries a secret. */
public class TokenUnavailableException extends RuntimeException {

    public TokenUnavailableException(String message) {
        super(message);
    }

    public TokenUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
