package com.cxoneflows.simulator.contact;

import com.cxoneflows.simulator.SimulatorContext;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Contract §2 and §6: the contact-state stream (fault target {@code contacts-stream}) and the contact snapshot
 * (fault target {@code contacts-snapshot}), both behind a bearer token.
 */
final class ContactStreamEndpoint {

    static final String STREAM = "/api/v2/realtime/contacts/stream";
    static final String SNAPSHOT = "/api/v2/realtime/contacts";

    private final StreamEnvironment env;
    private final EventLog log;

    ContactStreamEndpoint(StreamEnvironment env, EventLog log) {
        this.env = env;
        this.log = log;
    }

    void mount(Router router) {
        router.get(STREAM).handler(env.sim().faultFirst("contacts-stream", this::open));
        router.get(SNAPSHOT).handler(env.sim().faultFirst("contacts-snapshot", this::snapshot));
    }

    private void open(RoutingContext ctx) {
        SimulatorContext sim = env.sim();
        if (sim.requireBearer(ctx).isEmpty()) {
            return;
        }
        ContactFilter filter;
        int maxEvents;
        try {
            filter = ContactFilter.of(ctx.request());
            maxEvents = maxEvents(ctx.request().getParam("max_events"));
        } catch (IllegalArgumentException bad) {
            invalidParameter(ctx, bad);
            return;
        }
        String lastEventId = ctx.request().getHeader("Last-Event-ID");
        Optional<LoggedEvent> from = resumePoint(lastEventId);
        if (from.isEmpty()) {
            sim.end(ctx, 400, SimulatorContext.json(Map.of("error", "invalid_last_event_id")), Map.of("lastEventId", lastEventId));
            return;
        }
        ConnectionPlan plan = env.faults().next();
        env.stats().connected();
        String token = SimulatorContext.bearer(ctx);
        sim.requests().record("GET", ctx.request().path(), ctx.request().query(), 200, sim.tokens().serialOf(token),
                Map.of("lastEventId", lastEventId == null ? "" : lastEventId,
                        "lineEnding", plan.framing().lineEnding().wire(),
                        "multiline", String.valueOf(plan.framing().multiline()),
                        "faults", plan.faults()));
        if (plan.raw() != null) {
            new RawStream(env, ctx.response(), plan.raw()).start();
        } else {
            new StreamConnection(env, ctx, token, filter, maxEvents, plan).start(from.get());
        }
    }

    /** Where the stream starts: the log head without a cursor; after the cursor if every event after it is retained. */
    private Optional<LoggedEvent> resumePoint(String lastEventId) {
        if (lastEventId == null || lastEventId.isBlank()) {
            return Optional.of(log.head());
        }
        OptionalLong id = EventIds.parse(lastEventId.trim());
        return id.isEmpty() ? Optional.empty() : log.resumeAfter(id.getAsLong());
    }

    private static int maxEvents(String value) {
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            int max = Integer.parseInt(value.trim());
            if (max >= 1 && max <= 1_000_000) {
                return max;
            }
        } catch (NumberFormatException notANumber) {
            // refused below, with the range
        }
        throw new IllegalArgumentException("max_events must be a whole number from 1 to 1000000");
    }

    private void snapshot(RoutingContext ctx) {
        if (env.sim().requireBearer(ctx).isEmpty()) {
            return;
        }
        try {
            ContactFilter filter = ContactFilter.of(ctx.request());
            env.sim().end(ctx, 200, env.world().snapshotJson(filter), Map.of());
        } catch (IllegalArgumentException bad) {
            invalidParameter(ctx, bad);
        }
    }

    private void invalidParameter(RoutingContext ctx, IllegalArgumentException bad) {
        env.sim().end(ctx, 400, SimulatorContext.json(Map.of("error", "invalid_parameter", "detail", bad.getMessage())), Map.of());
    }
}
