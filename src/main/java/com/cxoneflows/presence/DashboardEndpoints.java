package com.cxoneflows.presence;

import com.cxoneflows.api.ApiErrorResponder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The browser's side of the product on the router platform-http serves (a platform-http route would buffer the
 * stream): {@code GET /api/presence/stream}, the presence feed as Server-Sent Events, and the dashboard page's
 * static files from {@code dashboard/} on the class path at {@code GET /} and {@code GET /dashboard/*}, with their
 * content types and no directory listing.
 */
public final class DashboardEndpoints {

    static final String FEED_PATH = "/api/presence/stream";
    /** The browser's reconnect delay, the feed's first line. */
    static final String RETRY = "retry: 2000\n";

    private final PresenceFeed feed;
    private final int clientQueue;
    private final ObjectMapper json;
    private final AtomicLong browserSerial = new AtomicLong();

    public DashboardEndpoints(PresenceFeed feed, int clientQueue, ObjectMapper json) {
        this.feed = feed;
        this.clientQueue = clientQueue;
        this.json = json;
    }

    public void mount(Router router) {
        router.get(FEED_PATH).handler(this::serveFeed);
        // the page's files change with the product, not by date: no day-long caching of an old page
        StaticHandler files = StaticHandler.create("dashboard").setDirectoryListing(false).setIncludeHidden(false)
                .setCachingEnabled(false).setDefaultContentEncoding("UTF-8");
        router.get("/").handler(files);
        router.get("/dashboard/*").handler(files);
    }

    private void serveFeed(RoutingContext ctx) {
        HttpServerResponse response = ctx.response();
        if (feed.full()) {
            refuse(response);
            return;
        }
        response.setChunked(true)
                .putHeader("Content-Type", "text/event-stream")
                .putHeader("Cache-Control", "no-cache")
                .putHeader("X-Accel-Buffering", "no");
        BrowserClient browser = new BrowserClient(browserSerial.incrementAndGet(), String.valueOf(ctx.request().remoteAddress()),
                response, Vertx.currentContext(), feed, clientQueue);
        response.closeHandler(closed -> browser.closed());
        response.exceptionHandler(failed -> browser.closed());
        response.drainHandler(drained -> browser.flush());
        response.write(RETRY);
        feed.attach(browser, ctx.request().getHeader("Last-Event-ID"));
    }

    private void refuse(HttpServerResponse response) {
        String body;
        try {
            body = json.writeValueAsString(ApiErrorResponder.errorBody(503, "too many browsers on the presence feed"));
        } catch (JsonProcessingException e) {
            body = "";
        }
        response.setStatusCode(503).putHeader("Content-Type", "application/json").putHeader("Retry-After", "10").end(body);
    }
}
