package com.cxoneflows.stream;

import com.cxoneflows.auth.TokenService;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The options every CXone stream endpoint has: where it connects, how it backs off, whose token it uses and how
 * long it waits for one. Each option is documented once, in its {@link UriParam}.
 */
@UriParams
public abstract class StreamConnectionConfiguration {

    @UriParam(label = "common", description = "Base URL of the stream: http(s):// for SSE, ws(s):// for WebSocket, "
            + "e.g. {{cxone.api-base-url}}")
    @Metadata(required = true)
    private String baseUrl;
    @UriParam(label = "common", description = "Path of the stream below the base URL, e.g. /api/v2/realtime/contacts/stream")
    @Metadata(required = true)
    private String path;
    @UriParam(label = "consumer", defaultValue = "1000", description = "First reconnect delay in ms; an SSE server's "
            + "retry: line replaces it")
    private long retryDelay = 1000;
    @UriParam(label = "consumer", defaultValue = "30000", description = "Cap of the exponential reconnect delay "
            + "(with jitter), in ms")
    private long maxRetryDelay = 30000;
    @UriParam(label = "consumer", defaultValue = "10000", description = "Connect timeout in ms. There is no read "
            + "timeout: a quiet stream is not a dead stream")
    private long connectTimeout = 10000;
    @UriParam(label = "consumer", defaultValue = "30000", description = "How long one wait for a token lasts, in ms. "
            + "While the token endpoint is still being asked (Retry-After, backoff) the stream waits again without "
            + "counting a failed attempt, so it connects as soon as a token is issued")
    private long tokenTimeout = 30000;
    @UriParam(label = "consumer", defaultValue = "1", description = "Most events handed to the route in one exchange. "
            + "1: one event per exchange, its text as the body. Above 1: the body is a List of StreamEvent holding what "
            + "was already read, never waiting to fill a batch, so Camel's per-exchange work is paid once per batch")
    private int maxBatch = 1;
    @UriParam(label = "security", description = "The token lifecycle; the one in the registry by default")
    private TokenService tokenService;
    @UriParam(label = "advanced", description = "The clock for token rotation, Retry-After dates and received-at "
            + "headers; the registry's clock bean by default")
    private Clock clock;

    /** {@code path} (or another path of the same server) below the base URL. */
    public String resolve(String relativePath) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        return base + (relativePath.startsWith("/") ? relativePath : "/" + relativePath);
    }

    /** The names of the required options that are not set. */
    protected List<String> missingOptions() {
        List<String> missing = new ArrayList<>();
        if (baseUrl == null) {
            missing.add("baseUrl");
        }
        if (path == null) {
            missing.add("path");
        }
        return missing;
    }

    public String getBaseUrl() {
        return baseUrl;
    }

    public void setBaseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public String getPath() {
        return path;
    }

    public void setPath(String path) {
        this.path = path;
    }

    public long getRetryDelay() {
        return retryDelay;
    }

    public void setRetryDelay(long retryDelay) {
        this.retryDelay = retryDelay;
    }

    public long getMaxRetryDelay() {
        return maxRetryDelay;
    }

    public void setMaxRetryDelay(long maxRetryDelay) {
        this.maxRetryDelay = maxRetryDelay;
    }

    public long getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(long connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public long getTokenTimeout() {
        return tokenTimeout;
    }

    public void setTokenTimeout(long tokenTimeout) {
        this.tokenTimeout = tokenTimeout;
    }

    public int getMaxBatch() {
        return maxBatch;
    }

    public void setMaxBatch(int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1, was " + maxBatch);
        }
        this.maxBatch = maxBatch;
    }

    /** True when the route receives {@code List<StreamEvent>} bodies. */
    public boolean isBatching() {
        return maxBatch > 1;
    }

    public TokenService getTokenService() {
        return tokenService;
    }

    public void setTokenService(TokenService tokenService) {
        this.tokenService = tokenService;
    }

    public Clock getClock() {
        return clock;
    }

    public void setClock(Clock clock) {
        this.clock = clock;
    }
}
