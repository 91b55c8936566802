package com.cxoneflows.auth;

/** The token endpoint refused the credentials: fatal until configuration changes, never retried in a loop. */
public class InvalidClientException extends TokenUnavailableException {

    public InvalidClientException(String message) {
        super(message);
    }
}
