package com.cxoneflows.simulator.contact;

import com.cxoneflows.simulator.SimulatorContext;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/** The contact world's switches under {@code /_sim/contacts} (listed on {@link ContactSimulator}). */
final class ContactAdminApi {

    private static final int MAX_GENERATE = 1_000_000;
    private static final int MAX_INJECT = 100_000;

    private final SimulatorContext sim;
    private final ContactWorld world;
    private final EventLog log;
    private final StreamFaults faults;
    private final StreamStats stats;
    private final AtomicReference<StreamConfig> config;

    ContactAdminApi(SimulatorContext sim, ContactWorld world, EventLog log, StreamFaults faults, StreamStats stats,
                    AtomicReference<StreamConfig> config) {
        this.sim = sim;
        this.world = world;
        this.log = log;
        this.faults = faults;
        this.stats = stats;
        this.config = config;
    }

    void mount(Router router) {
        router.post("/_sim/contacts/config").handler(ctx -> answer(ctx, () -> {
            JsonInput changes = JsonInput.of(ctx);
            StreamConfig updated = config.updateAndGet(current -> current.with(changes));
            log.retain(updated.retention());
            return SimulatorContext.json(updated);
        }));
        router.post("/_sim/contacts/generate").handler(this::generate);
        router.post("/_sim/contacts/faults").handler(ctx -> answer(ctx, () -> {
            addFault(JsonInput.of(ctx));
            return ctx.body().asJsonObject().copy().put("lastEventId", EventIds.format(log.head().id())).encode();
        }));
        router.get("/_sim/contacts/truth").handler(ctx -> ok(ctx, world.truthJson()));
        router.get("/_sim/contacts/stats").handler(ctx -> ok(ctx, SimulatorContext.json(stats.toMap(log))));
    }

    /** Appends on a worker thread: 200,000 events take long enough to hold up an event loop. */
    private void generate(RoutingContext ctx) {
        int count;
        try {
            JsonInput input = JsonInput.of(ctx).allowOnly(Set.of("count"));
            count = (int) input.required("count", 1, MAX_GENERATE);
        } catch (IllegalArgumentException bad) {
            badRequest(ctx, bad.getMessage());
            return;
        }
        sim.vertx().executeBlocking(() -> {
            world.generate(count);
            return EventIds.format(log.head().id());
        }).onComplete(done -> {
            if (done.succeeded()) {
                ok(ctx, SimulatorContext.json(Map.of("lastEventId", done.result())));
            } else {
                badRequest(ctx, String.valueOf(done.cause().getMessage()));
            }
        });
    }

    private void addFault(JsonInput fault) {
        String kind = fault.text("kind", "");
        switch (kind) {
            case "drop" -> faults.dropAfter(afterEvents(fault));
            case "token-expiry" -> faults.expireAfter(afterEvents(fault));
            case "quiet" -> faults.quietFor(only(fault, "durationMs").required("durationMs", 1, 3_600_000));
            case "duplicates" -> faults.duplicate((int) only(fault, "count").required("count", 1, 10_000));
            case "malformed" -> world.injectMalformed((int) only(fault, "count").required("count", 1, MAX_INJECT));
            case "illegal" -> world.injectIllegal((int) only(fault, "count").required("count", 1, MAX_INJECT));
            case "framing" -> {
                only(fault, "lineEnding", "multiline", "connections");
                Framing framing = new Framing(Framing.LineEnding.of(fault.text("lineEnding", "lf")), fault.bool("multiline", false));
                faults.frame(framing, (int) fault.whole("connections", 1, 10_000, 1));
            }
            case "raw" -> {
                only(fault, "chunks", "chunkDelayMs");
                faults.raw(new ConnectionPlan.Raw(chunks(fault.array("chunks")), fault.whole("chunkDelayMs", 0, 60_000, 0)));
            }
            default -> throw new IllegalArgumentException(
                    "kind must be drop, token-expiry, quiet, duplicates, malformed, illegal, framing or raw");
        }
    }

    private static int afterEvents(JsonInput fault) {
        return (int) only(fault, "afterEvents").required("afterEvents", 0, 10_000_000);
    }

    private static JsonInput only(JsonInput fault, String... members) {
        Set<String> allowed = new HashSet<>(List.of(members));
        allowed.add("kind");
        return fault.allowOnly(allowed);
    }

    private static List<byte[]> chunks(JsonArray encoded) {
        if (encoded.isEmpty()) {
            throw new IllegalArgumentException("chunks must not be empty");
        }
        List<byte[]> chunks = new ArrayList<>();
        for (int i = 0; i < encoded.size(); i++) {
            try {
                chunks.add(Base64.getDecoder().decode(encoded.getString(i)));
            } catch (RuntimeException notBase64) {
                throw new IllegalArgumentException("chunks[" + i + "] is not a base64 string");
            }
        }
        return chunks;
    }

    /** Runs a switch: its JSON answer, or 400 with the reason it was refused. */
    private void answer(RoutingContext ctx, Supplier<String> switched) {
        try {
            ok(ctx, switched.get());
        } catch (IllegalArgumentException | IllegalStateException bad) {
            badRequest(ctx, bad.getMessage());
        }
    }

    private static void ok(RoutingContext ctx, String json) {
        ctx.response().putHeader("Content-Type", "application/json").end(json);
    }

    private static void badRequest(RoutingContext ctx, String reason) {
        ctx.response().setStatusCode(400).putHeader("Content-Type", "application/json")
                .end(SimulatorContext.json(Map.of("error", reason)));
    }
}
