package com.cxoneflows.auth;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Puts the current CXone token on the message as {@code Authorization: Bearer …} for a following
 * {@code to: http…}. Place it in the same {@code direct:} route as the call, so that a redelivery
 * (which restarts at the failed node) asks again and gets the renewed token after a {@code 401}.
 */
public class BearerToken implements Processor {

    private final TokenService tokens;

    public BearerToken(TokenService tokens) {
        this.tokens = tokens;
    }

    @Override
    public void process(Exchange exchange) {
        exchange.getIn().setHeader("Authorization", tokens.token().authorizationHeader());
    }
}
