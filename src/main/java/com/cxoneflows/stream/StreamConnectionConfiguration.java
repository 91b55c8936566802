package com.cxoneflows.stream;

import com.cxoneflows.auth.TokenService;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriParam;

/** The options every CXone stream endpoint has: where it connects, how it backs off, whose token it uses. */
public abstract class StreamConnectionConfiguration {

    @UriParam(description = "Base URL of the stream (http(s):// for SSE, ws(s):// for WebSocket)")
    @Metadata(required = true)
    private String baseUrl;
    @UriParam(description = "Path of the stream below the base URL")
    @Metadata(required = true)
    private String path;
    @UriParam(description = "First reconnect delay in ms", defaultValue = "1000")
    private long retryDelay = 1000;
    @UriParam(description = "Largest reconnect delay in ms (exponential backoff with jitter)", defaultValue = "30000")
    private long maxRetryDelay = 30000;
    @UriParam(description = "Connect timeout in ms", defaultValue = "10000")
    private long connectTimeout = 10000;
    @UriParam(description = "The token lifecycle; the one in the registry by default")
    private TokenService tokenService;

    /** {@code path} (or another path of the same server) below the base URL. */
    public String resolve(String relativePath) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        return base + (relativePath.startsWith("/") ? relativePath : "/" + relativePath);
    }

    public String getBaseUrl() {
        return baseUrl;
    }

    /** Base URL, e.g. {@code {{cxone.api-base-url}}} or {@code {{cxone.ws-base-url}}}. */
    public void setBaseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public String getPath() {
        return path;
    }

    /** Path of the stream, e.g. {@code /api/v2/realtime/contacts/stream}. */
    public void setPath(String path) {
        this.path = path;
    }

    public long getRetryDelay() {
        return retryDelay;
    }

    /** First reconnect delay in ms; an SSE server's {@code retry:} line replaces it. */
    public void setRetryDelay(long retryDelay) {
        this.retryDelay = retryDelay;
    }

    public long getMaxRetryDelay() {
        return maxRetryDelay;
    }

    /** Cap of the exponential reconnect delay in ms. */
    public void setMaxRetryDelay(long maxRetryDelay) {
        this.maxRetryDelay = maxRetryDelay;
    }

    public long getConnectTimeout() {
        return connectTimeout;
    }

    /** Connect timeout in ms. There is no read timeout: a quiet stream is not a dead stream. */
    public void setConnectTimeout(long connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public TokenService getTokenService() {
        return tokenService;
    }

    /** The token lifecycle; looked up in the registry when not set. */
    public void setTokenService(TokenService tokenService) {
        this.tokenService = tokenService;
    }
}
