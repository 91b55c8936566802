package com.cxoneflows.auth;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * After an interface answered {@code 401}, drops the token the request carried so that the next attempt
 * (a redelivery, a reconnect) gets a new one. For routes without the dead-letter channel, whose
 * {@code failureTracker} does the same.
 */
public class RefusedToken implements Processor {

    private final TokenService tokens;

    public RefusedToken(TokenService tokens) {
        this.tokens = tokens;
    }

    @Override
    public void process(Exchange exchange) {
        String authorization = exchange.getIn().getHeader("Authorization", String.class);
        if (authorization != null && authorization.startsWith("Bearer ")) {
            tokens.invalidate(authorization.substring("Bearer ".length()));
        }
    }
}
