package com.cxoneflows.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.QueryStringDecoder;
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
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.support.LifecycleStrategySupport;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

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
                install(router, camelContext);
            }
        }
    }

    private static void install(Router router, CamelContext camelContext) {
        // first of all: a query Vert.x cannot decode fails below every error page once a path has a parameter
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            if (percentEncoded(ctx.request().query())) {
                ctx.next();
            } else {
                answer(ctx.response(), 400, "bad request: the query is not valid percent-encoding");
            }
        });
        router.errorHandler(406, ctx -> answer(ctx.response(), 406, "the API answers application/json only"));
        router.errorHandler(404, ctx -> answer(ctx.response(), 404, "no such resource: " + clip(ctx.request().path())));
        router.errorHandler(405, ctx -> {
            String allowed = allowedMethods(camelContext, ctx.request().path());
            if (!allowed.isEmpty()) {
                ctx.response().putHeader("Allow", allowed);
            }
            answer(ctx.response(), 405, "method " + ctx.request().method() + " not allowed on " + clip(ctx.request().path()));
        });
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

    /**
     * The methods the API's operations take on {@code path}, for a 405's {@code Allow} (RFC 9110 §15.5.6), from the
     * platform-http endpoints the REST DSL made ({@code /api/contacts/{id}}: a parameter is any one segment). Read
     * from the endpoints, not from the component's list of them, which keeps one method a path.
     */
    static String allowedMethods(CamelContext camelContext, String path) {
        if (path == null) {
            return "";
        }
        return camelContext.getEndpoints().stream()
                .filter(endpoint -> endpoint instanceof PlatformHttpEndpoint http && http.getPath() != null
                        && matches(http.getPath(), path))
                .map(endpoint -> ((PlatformHttpEndpoint) endpoint).getHttpMethodRestrict()).filter(Objects::nonNull)
                .flatMap(verbs -> Arrays.stream(verbs.split(","))).map(verb -> verb.trim().toUpperCase(Locale.ROOT))
                .filter(verb -> !verb.isEmpty()).distinct().sorted().collect(Collectors.joining(", "));
    }

    private static boolean percentEncoded(String query) {
        if (query == null || query.indexOf('%') < 0) {
            return true;
        }
        try {
            new QueryStringDecoder(query, false).parameters();
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean matches(String template, String path) {
        String[] expected = template.split("/", -1);
        String[] actual = path.split("/", -1);
        if (expected.length != actual.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            boolean parameter = expected[i].startsWith("{") && expected[i].endsWith("}") && !actual[i].isEmpty();
            if (!parameter && !expected[i].equals(actual[i])) {
                return false;
            }
        }
        return true;
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
