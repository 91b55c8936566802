package com.cxoneflows.simulator;

import com.cxoneflows.http.RetryAfter;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.RoutingContext;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/** What every simulated interface shares: faults, the request log, the tokens, and how to answer. */
public final class SimulatorContext {

    static final ObjectMapper JSON = new ObjectMapper();

    private final Vertx vertx;
    private final Clock clock;
    private final SimulatorSettings settings;
    private final FaultSwitch faults = new FaultSwitch();
    private final RequestLog requests;
    private final TokenIssuer tokens;

    SimulatorContext(Vertx vertx, Clock clock, SimulatorSettings settings) {
        this.vertx = vertx;
        this.clock = clock;
        this.settings = settings;
        this.requests = new RequestLog(clock);
        this.tokens = new TokenIssuer(clock, settings.tokenLifetime());
    }

    public Vertx vertx() {
        return vertx;
    }

    public Clock clock() {
        return clock;
    }

    public SimulatorSettings settings() {
        return settings;
    }

    public FaultSwitch faults() {
        return faults;
    }

    public RequestLog requests() {
        return requests;
    }

    public TokenIssuer tokens() {
        return tokens;
    }

    /**
     * Answers with the next fault switched on for {@code target}, if there is one. A fault with status 0
     * only delays: {@code proceed} then runs after the delay. Returns whether the request was taken over.
     */
    public boolean answerWithFault(RoutingContext ctx, String target, Runnable proceed) {
        Optional<Fault> next = faults.take(target);
        if (next.isEmpty()) {
            return false;
        }
        Fault fault = next.get();
        Runnable answer = () -> {
            if (fault.status() == 0) {
                proceed.run();
                return;
            }
            if (fault.retryAfter() != null) {
                String value = "date".equals(fault.retryAfterForm())
                        ? RetryAfter.httpDate(clock.instant().plusSeconds(fault.retryAfter()))
                        : String.valueOf(fault.retryAfter());
                ctx.response().putHeader("Retry-After", value);
            }
            String body = fault.body() != null ? fault.body() : json(Map.of("error", "simulated_fault", "status", fault.status()));
            end(ctx, fault.status(), body, Map.of("fault", target));
        };
        if (fault.delayMs() > 0) {
            vertx.setTimer(fault.delayMs(), id -> answer.run());
        } else {
            answer.run();
        }
        return true;
    }

    /** A handler that answers with the next fault switched on for {@code target}, if any, and else with {@code answer}. */
    public Handler<RoutingContext> faultFirst(String target, Handler<RoutingContext> answer) {
        return ctx -> faultFirst(ctx, target, () -> answer.handle(ctx));
    }

    /** Answers with the next fault switched on for {@code target}, if any (after which a delay-only one runs {@code answer}), and else runs {@code answer}. */
    public void faultFirst(RoutingContext ctx, String target, Runnable answer) {
        if (!answerWithFault(ctx, target, answer)) {
            answer.run();
        }
    }

    /** The serial of the bearer token on the request if it is valid; otherwise answers 401 and returns empty. */
    public Optional<String> requireBearer(RoutingContext ctx) {
        String presented = bearer(ctx);
        Optional<String> serial = tokens.validSerial(presented);
        if (serial.isEmpty()) {
            end(ctx, 401, json(Map.of("error", presented == null ? "missing_token" : "token_expired")), Map.of());
        }
        return serial;
    }

    /** The bearer token on the request, or null; interfaces that outlive the request (streams) check it again later. */
    public static String bearer(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return header.substring(7).trim();
    }

    /** A socket opened by {@link #upgradeWithBearer}, with its TCP connection and the token the upgrade bore. */
    public interface BearerSocket {
        void open(ServerWebSocket ws, HttpConnection tcp, String token, String serial);
    }

    /** Upgrades a request that bears a valid token (401 otherwise, see {@link #requireBearer}) as {@link #upgrade} does. */
    public void upgradeWithBearer(RoutingContext ctx, BearerSocket open) {
        Optional<String> serial = requireBearer(ctx);
        if (serial.isEmpty()) {
            return;
        }
        String token = bearer(ctx);
        HttpConnection tcp = ctx.request().connection();
        upgrade(ctx, ws -> open.open(ws, tcp, token, serial.get()));
    }

    /** Upgrades the request to a WebSocket and hands it to {@code open}; answers 400 (not an upgrade) or 503 otherwise. */
    public void upgrade(RoutingContext ctx, Handler<ServerWebSocket> open) {
        try {
            ctx.request().toWebSocket()
                    .onSuccess(open)
                    .onFailure(notUpgraded -> end(ctx, 400, json(Map.of("error", "a WebSocket upgrade is required")),
                            Map.of("reason", String.valueOf(notUpgraded.getMessage()))));
        } catch (IllegalStateException alreadyRead) {
            // Vert.x 4.5 upgrades only a request whose end it has not read yet, so a delay-only fault
            // cannot hold an upgrade back: the client gets a 503 after the delay instead of hanging
            end(ctx, 503, json(Map.of("error", "upgrade_not_delayable")),
                    Map.of("reason", "a delay-only fault cannot delay a WebSocket upgrade"));
        }
    }

    /** Ends the exchange with a JSON body and records it. */
    public void end(RoutingContext ctx, int status, String body, Map<String, String> detail) {
        requests.record(ctx.request().method().name(), ctx.request().path(), ctx.request().query(), status,
                tokens.serialOf(bearer(ctx)), detail);
        if (!ctx.response().ended()) {
            ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body == null ? "" : body);
        }
    }

    /** The request's body as JSON, or null when it has none or it is not JSON (a bad body is still a call to count). */
    public static JsonNode jsonBody(RoutingContext ctx) {
        try {
            String text = ctx.body().asString();
            return text == null ? null : JSON.readTree(text);
        } catch (Exception notJson) {
            return null;
        }
    }

    public static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write simulator answer as JSON", e);
        }
    }
}
