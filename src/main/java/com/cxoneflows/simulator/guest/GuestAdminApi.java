package com.cxoneflows.simulator.guest;

import com.cxoneflows.simulator.AdminInput;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The web-chat world's switches under {@code /_sim/guests} (listed on {@link GuestChannelSimulator}). */
final class GuestAdminApi {

    static final String BASE = "/_sim/guests";

    private static final int MAX_GUESTS_PER_SECOND = 10_000;
    private static final int MAX_BOTS = 1_000;

    private final WebchatHub hub;
    private final GuestTrafficConfig config;
    private final GuestTraffic traffic;

    GuestAdminApi(WebchatHub hub, GuestTrafficConfig config, GuestTraffic traffic) {
        this.hub = hub;
        this.config = config;
        this.traffic = traffic;
    }

    void mount(Router router) {
        router.post(BASE + "/send").handler(ctx -> AdminInput.answer(ctx, this::send));
        router.post(BASE + "/config").handler(ctx -> AdminInput.answer(ctx, this::configure));
        router.get(BASE + "/stats").handler(ctx -> {
            Map<String, Object> stats = new LinkedHashMap<>(hub.stats());
            stats.put("botFingerprints", traffic.bots());
            AdminInput.ok(ctx, stats);
        });
    }

    /** Either {@code frames} (pushed verbatim) or {@code messages} (pushed as inbound frames); all are checked first. */
    private Object send(JsonObject body) {
        AdminInput.allowOnly(body, Set.of("frames", "messages"));
        if (body.containsKey("frames") == body.containsKey("messages")) {
            throw new IllegalArgumentException("expected either frames or messages");
        }
        List<String> frames = AdminInput.strings(body, "frames");
        if (frames != null) {
            hub.pushFrames(frames);
            return Map.of("sent", frames.size());
        }
        if (!(body.getValue("messages") instanceof JsonArray array)) {
            throw new IllegalArgumentException("messages must be an array of guest messages");
        }
        List<GuestMessage> messages = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            try {
                messages.add(GuestMessage.from(array.getValue(i)));
            } catch (IllegalArgumentException bad) {
                throw new IllegalArgumentException("messages[" + i + "]: " + bad.getMessage(), bad);
            }
        }
        hub.pushMessages(messages);
        return Map.of("sent", messages.size());
    }

    private Object configure(JsonObject body) {
        AdminInput.allowOnly(body, Set.of("guestsPerSecond", "paused", "bots"));
        Integer rate = AdminInput.whole(body, "guestsPerSecond", 0, MAX_GUESTS_PER_SECOND);
        Boolean paused = AdminInput.bool(body, "paused");
        Integer bots = AdminInput.whole(body, "bots", 0, MAX_BOTS);
        if (rate != null) {
            config.perSecond(rate);
        }
        if (paused != null) {
            config.paused(paused);
        }
        if (bots != null) {
            config.bots(bots);
        }
        return config.toMap();
    }
}
