package com.cxoneflows.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.impl.VertxWrapper;
import io.vertx.ext.web.Router;
import org.apache.camel.CamelContext;
import org.apache.camel.ExtendedStartupListener;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.support.LifecycleStrategySupport;

/**
 * Unknown paths, wrong methods, requests the server cannot even parse and failures below Camel answer with JSON
 * too, not Vert.x's HTML pages or bare statuses.
 */
public final class JsonErrorPages {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonErrorPages() {
    }

    /**
     * Installs the pages. Before start: the Vert.x instance platform-http takes from the registry, whose HTTP
     * servers answer requests they cannot parse (a request line or headers over Vert.x's limits, 414/431) with
     * JSON; a server reads that handler when it starts listening, and platform-http offers no other way to set
     * it. Once the HTTP server is up: the error pages of its top router.
     */
    public static void install(CamelContext camelContext) throws Exception {
        Vertx vertx = new InvalidRequestsAsJson((VertxInternal) Vertx.vertx());
        camelContext.getRegistry().bind("platformHttpVertx", vertx);
        camelContext.addLifecycleStrategy(new LifecycleStrategySupport() {
            @Override
            public void onContextStopped(CamelContext context) {
                // after every service, the HTTP server included, has stopped: platform-http closes only a Vert.x it made
                vertx.close();
            }
        });
        camelContext.addStartupListener((ExtendedStartupListener) new ExtendedStartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
                // the HTTP server is not up yet; see onCamelContextFullyStarted
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
                installOnRouters(context);
            }
        });
    }

    /**
     * The top router of every platform-http server: the router Camel hands out serves only the mounted sub-path,
     * and an unmatched request falls through to the top one.
     */
    private static void installOnRouters(CamelContext camelContext) {
        for (VertxPlatformHttpServer server : camelContext.hasServices(VertxPlatformHttpServer.class)) {
            if (server.getServer() != null && server.getServer().requestHandler() instanceof Router router) {
                install(router);
            }
        }
    }

    private static void install(Router router) {
        router.errorHandler(404, ctx -> answer(ctx.response(), 404, "no such resource: " + clip(ctx.request().path())));
        router.errorHandler(405, ctx -> answer(ctx.response(), 405,
                "method " + ctx.request().method() + " not allowed on " + clip(ctx.request().path())));
        router.errorHandler(413, ctx -> answer(ctx.response(), 413, "request too large"));
        router.errorHandler(400, ctx -> answer(ctx.response(), 400, "bad request"));
        router.errorHandler(500, ctx -> answer(ctx.response(), 500, "internal error; see the product's log"));
    }

    /** Vert.x's own answers to an unparsable request, as JSON; the connection is closed after it, as Vert.x does. */
    private static void answerInvalid(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        HttpServerResponse response = request.response();
        if (cause instanceof TooLongHttpLineException) {
            answer(response, 414, "request line too long");
        } else if (cause instanceof TooLongHttpHeaderException) {
            answer(response, 431, "request headers too large");
        } else {
            answer(response, 400, "bad request");
        }
        response.close();
    }

    private static String clip(String path) {
        return path == null || path.length() <= 200 ? path : path.substring(0, 200) + "…";
    }

    private static void answer(HttpServerResponse response, int status, String message) {
        if (response.ended()) {
            return;
        }
        try {
            response.setStatusCode(status).putHeader("Content-Type", "application/json")
                    .end(JSON.writeValueAsString(ApiErrorResponder.errorBody(status, message)));
        } catch (JsonProcessingException e) {
            response.setStatusCode(status).end();
        }
    }

    /** A Vert.x whose HTTP servers answer unparsable requests with {@link #answerInvalid}; Vert.x's advised way to wrap it. */
    private static final class InvalidRequestsAsJson extends VertxWrapper {

        InvalidRequestsAsJson(VertxInternal delegate) {
            super(delegate);
        }

        @Override
        public HttpServer createHttpServer(HttpServerOptions options) {
            return super.createHttpServer(options).invalidRequestHandler(JsonErrorPages::answerInvalid);
        }

        @Override
        public HttpServer createHttpServer() {
            return super.createHttpServer().invalidRequestHandler(JsonErrorPages::answerInvalid);
        }
    }
}
