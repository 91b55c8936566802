package com.cxoneflows.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;

/**
 * Unknown paths, wrong methods and failures below Camel answer with JSON too, not Vert.x's HTML pages.
 * Installed on the router platform-http serves, once the HTTP server is up.
 */
public final class JsonErrorPages {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonErrorPages() {
    }

    /**
     * Installs the pages on the top router of every platform-http server: the router Camel hands out serves
     * only the mounted sub-path, and an unmatched request falls through to the top one.
     */
    public static void install(CamelContext camelContext) {
        for (VertxPlatformHttpServer server : camelContext.hasServices(VertxPlatformHttpServer.class)) {
            if (server.getServer() != null && server.getServer().requestHandler() instanceof Router router) {
                install(router);
            }
        }
    }

    private static void install(Router router) {
        router.errorHandler(404, ctx -> answer(ctx, 404, "no such resource: " + clip(ctx.request().path())));
        router.errorHandler(405, ctx -> answer(ctx, 405, "method " + ctx.request().method() + " not allowed on " + clip(ctx.request().path())));
        router.errorHandler(413, ctx -> answer(ctx, 413, "request too large"));
        router.errorHandler(400, ctx -> answer(ctx, 400, "bad request"));
        router.errorHandler(500, ctx -> answer(ctx, 500, "internal error; see the product's log"));
    }

    private static String clip(String path) {
        return path == null || path.length() <= 200 ? path : path.substring(0, 200) + "…";
    }

    private static void answer(RoutingContext ctx, int status, String message) {
        if (ctx.response().ended()) {
            return;
        }
        try {
            ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                    .end(JSON.writeValueAsString(ApiErrorResponder.errorBody(status, message)));
        } catch (JsonProcessingException e) {
            ctx.response().setStatusCode(status).end();
        }
    }
}
