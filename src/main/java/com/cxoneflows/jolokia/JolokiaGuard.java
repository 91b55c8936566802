package com.cxoneflows.jolokia;

import com.cxoneflows.api.ApiErrorResponder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Basic authentication and a closed CORS door in front of Jolokia. It stands twice: first on every request
 * of the router, where it refuses any path that {@link JolokiaPath} reads as Jolokia's, however spelt, and
 * again on the Jolokia route itself, so that no path trick reaches Jolokia without credentials whatever the
 * router's matching does (platform-http-main's own authentication in Camel 4.18.0 has a published bypass).
 */
final class JolokiaGuard implements Handler<RoutingContext> {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHALLENGE = "Basic realm=\"cxone-flows jolokia\", charset=\"UTF-8\"";

    private final byte[] expectedDigest;

    JolokiaGuard(String user, String password) {
        this.expectedDigest = sha256(user + ":" + password);
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (!JolokiaPath.targetsJolokia(request.path())) {
            ctx.next();
        } else if (isCrossOrigin(request)) {
            refuse(ctx, 403, "cross-origin requests to Jolokia are not allowed");
        } else if (!authenticated(request.getHeader(HttpHeaders.AUTHORIZATION))) {
            ctx.response().putHeader("WWW-Authenticate", CHALLENGE);
            refuse(ctx, 401, "authentication required");
        } else {
            ctx.next();
        }
    }

    private boolean authenticated(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        try {
            String credentials = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            // digests of equal length, compared in constant time: neither the password nor its length leaks by timing
            return MessageDigest.isEqual(sha256(credentials), expectedDigest);
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
    }

    /** A browser page of another origin (Origin, else Referer, naming another host:port than the request's). */
    private static boolean isCrossOrigin(HttpServerRequest request) {
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (origin == null) {
            origin = request.getHeader(HttpHeaders.REFERER);
        }
        if (origin == null) {
            return false;
        }
        try {
            URI uri = URI.create(origin.trim());
            String host = request.getHeader(HttpHeaders.HOST);
            return uri.getRawAuthority() == null || host == null || !uri.getRawAuthority().equalsIgnoreCase(host);
        } catch (IllegalArgumentException unreadable) {
            return true;
        }
    }

    private static void refuse(RoutingContext ctx, int status, String message) {
        String body;
        try {
            body = JSON.writeValueAsString(ApiErrorResponder.errorBody(status, message));
        } catch (JsonProcessingException e) {
            body = "";
        }
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM lacks SHA-256", e);
        }
    }
}
