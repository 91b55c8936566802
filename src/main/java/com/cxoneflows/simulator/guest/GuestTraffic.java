package com.cxoneflows.simulator.guest;

import com.cxoneflows.simulator.EventPacer;
import com.cxoneflows.simulator.SimulatorContext;
import io.vertx.core.Vertx;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Plays the guests on a fixed tick, so that a product on the simulator has web-chat traffic without a test
 * driving it: {@code guestsPerSecond} new conversations, each with one to three messages a few seconds apart,
 * now and then an agent reply or a system notice (which the product must ignore), and {@code bots} bot
 * fingerprints that each burst {@value #BOT_BURST} messages, every one in a new conversation, within a second
 * (which the product's rate limit must reject). Pausing stops what is already scheduled too.
 */
final class GuestTraffic {

    static final long TICK_MS = 100;

    private static final int BOT_BURST = 20;
    private static final long BOT_BURST_MS = 1000;
    /** How often, on average, each bot bursts. */
    private static final double BOT_BURSTS_PER_SECOND = 0.1;
    private static final long MAX_MESSAGE_GAP_MS = 3000;
    private static final String[] QUEUES = {"general-support", "general-support", "billing", "sales", null};
    private static final String[] TEXTS = {
            "Hi, my order is late", "Can I change my delivery address?", "I was charged twice", "Where is my refund?",
            "Do you ship abroad?", "My password reset email never came", "Is anyone there?", "Thanks!"};
    private static final String[] REPLIES = {"Hello, I'm looking into it now.", "Could you give me your order number?"};
    private static final String[] NOTICES = {"An agent will be with you shortly.", "The guest left the chat."};

    private final Vertx vertx;
    private final Clock clock;
    private final GuestTrafficConfig config;
    private final WebchatHub hub;
    private final Random random = new Random();
    private final AtomicLong conversationSerial = new AtomicLong();
    private final List<String> botFingerprints = new ArrayList<>();
    private final EventPacer guests;

    GuestTraffic(Vertx vertx, Clock clock, GuestTrafficConfig config, WebchatHub hub) {
        this.vertx = vertx;
        this.clock = clock;
        this.config = config;
        this.hub = hub;
        this.guests = new EventPacer(config::perSecond, config::paused, this::newGuests);
    }

    synchronized void tick() {
        double elapsedSeconds = guests.tick();
        if (config.paused()) {
            return;
        }
        for (String bot : bots()) {
            if (random.nextDouble() < BOT_BURSTS_PER_SECOND * elapsedSeconds) {
                for (int i = 0; i < BOT_BURST; i++) {
                    String conversation = nextConversation();
                    later(i * BOT_BURST_MS / BOT_BURST, () -> hub.push(new GuestMessage(conversation, text(), bot, queue())));
                }
            }
        }
    }

    private void newGuests(int due) {
        for (int i = 0; i < due; i++) {
            converse(fingerprint(), 1 + random.nextInt(3));
        }
    }

    /** The bot fingerprints, one per configured bot, each fixed for the simulator's lifetime. */
    synchronized List<String> bots() {
        while (botFingerprints.size() < config.bots()) {
            botFingerprints.add(fingerprint());
        }
        return List.copyOf(botFingerprints.subList(0, config.bots()));
    }

    private void converse(String fingerprint, int messages) {
        String conversation = nextConversation();
        String queue = queue();
        long at = 0;
        for (int i = 0; i < messages; i++) {
            later(at, () -> hub.push(new GuestMessage(conversation, text(), fingerprint, queue)));
            at += 500 + random.nextInt((int) MAX_MESSAGE_GAP_MS);
        }
        double roll = random.nextDouble();
        if (roll < 0.4) {
            later(at, () -> hub.push(outbound(conversation)));
        } else if (roll < 0.55) {
            later(at, () -> hub.push(notice(conversation)));
        }
    }

    private void later(long delayMs, Runnable send) {
        Runnable unlessPaused = () -> {
            if (!config.paused()) {
                send.run();
            }
        };
        if (delayMs == 0) {
            unlessPaused.run();
        } else {
            vertx.setTimer(delayMs, due -> unlessPaused.run());
        }
    }

    private String outbound(String conversation) {
        return SimulatorContext.json(Map.of("type", "message", "direction", "outbound", "conversationId", conversation,
                "text", pick(REPLIES), "timestamp", GuestMessage.timestamp(clock.instant())));
    }

    private String notice(String conversation) {
        return SimulatorContext.json(Map.of("type", "system", "conversationId", conversation, "text", pick(NOTICES)));
    }

    private String nextConversation() {
        return "conv-" + conversationSerial.incrementAndGet();
    }

    private String fingerprint() {
        byte[] bytes = new byte[8];
        random.nextBytes(bytes);
        return "fp-" + HexFormat.of().formatHex(bytes);
    }

    private String text() {
        return pick(TEXTS);
    }

    private String queue() {
        return QUEUES[random.nextInt(QUEUES.length)];
    }

    private String pick(String[] choices) {
        return choices[random.nextInt(choices.length)];
    }
}
