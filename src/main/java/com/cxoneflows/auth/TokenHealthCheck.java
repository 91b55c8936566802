package com.cxoneflows.auth;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.util.Map;

/** Readiness: DOWN while the token endpoint rejects the credentials or no token could be had yet. */
public class TokenHealthCheck extends AbstractHealthCheck {

    private final TokenService tokens;

    public TokenHealthCheck(TokenService tokens) {
        super("cxone", "cxone-auth");
        this.tokens = tokens;
    }

    @Override
    public boolean isLiveness() {
        // A credentials problem must not make Kubernetes restart the pod in a loop.
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        String rejected = tokens.credentialsRejected();
        if (rejected != null) {
            builder.detail("reason", rejected).message(rejected).down();
        } else if (tokens.hasValidToken()) {
            builder.up();
        } else {
            String error = tokens.getLastError();
            builder.message(error.isEmpty() ? "no token issued yet" : "token endpoint " + error).down();
        }
    }
}
