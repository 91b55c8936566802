package com.cxoneflows.simulator.guest;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code --simulate} command: plays guests and bots on a simulator's guest socket
 * ({@code /webchat/v1/guest}), so that the guest-routing flow of a product connected to that simulator gets
 * traffic an engineer chose. Each guest opens a conversation and sends {@code messagesPerGuest} messages,
 * spread over {@code spread}; each bot sends {@code botBurst} messages from one fingerprint, each in a new
 * conversation, as fast as the socket takes them (the product's limit must reject most of them).
 */
public final class GuestPlayer {

    /** What to play. */
    public record Plan(URI url, int guests, int messagesPerGuest, int bots, int botBurst, Duration spread) {

        public Plan {
            if (!"ws".equals(url.getScheme()) && !"wss".equals(url.getScheme())) {
                throw new IllegalArgumentException("--url must be a ws:// or wss:// URL, was " + url);
            }
            if (guests < 0 || messagesPerGuest < 1 || bots < 0 || botBurst < 1 || spread.isNegative()) {
                throw new IllegalArgumentException("--guests and --bots must be 0 or more, --messages and --bot-burst 1 or more");
            }
        }

        /** Reads {@code --url --guests --messages --bots --bot-burst --seconds}; anything else is refused. */
        public static Plan parse(List<String> args) {
            Map<String, String> options = new LinkedHashMap<>();
            for (int i = 0; i < args.size(); i++) {
                String name = args.get(i);
                if (name.equals("--simulate")) {
                    continue;
                }
                if (!name.startsWith("--") || i + 1 >= args.size()) {
                    throw new IllegalArgumentException("expected --option value, got " + name);
                }
                options.put(name.substring(2), args.get(++i));
            }
            Plan plan = new Plan(URI.create(options.getOrDefault("url", "ws://127.0.0.1:8090/webchat/v1/guest")),
                    number(options, "guests", 20), number(options, "messages", 2), number(options, "bots", 2),
                    number(options, "bot-burst", 30), Duration.ofSeconds(number(options, "seconds", 10)));
            options.keySet().removeAll(List.of("url", "guests", "messages", "bots", "bot-burst", "seconds"));
            if (!options.isEmpty()) {
                throw new IllegalArgumentException("unknown option(s) " + options.keySet()
                        + "; known: --url --guests --messages --bots --bot-burst --seconds");
            }
            return plan;
        }

        private static int number(Map<String, String> options, String name, int defaultValue) {
            String value = options.get(name);
            try {
                return value == null ? defaultValue : Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--" + name + " must be a whole number, was " + value, e);
            }
        }
    }

    /** What was played, and how many frames the simulator refused. */
    public record Outcome(int guestMessages, int botMessages, int refused) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] TEXTS = {"Hi, my order is late", "Can I change my delivery address?",
            "I was charged twice", "Where is my refund?", "Do you ship abroad?", "Is anyone there?"};

    private GuestPlayer() {
    }

    public static Outcome play(Plan plan) throws Exception {
        AtomicInteger refused = new AtomicInteger();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(plan.url(), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        // the guest socket answers only to refuse a frame
                        refused.incrementAndGet();
                        webSocket.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        String run = Long.toString(System.currentTimeMillis(), 36);
        int botMessages = 0;
        for (int bot = 0; bot < plan.bots(); bot++) {
            for (int i = 0; i < plan.botBurst(); i++) {
                send(socket, "bot-" + run + "-" + bot + "-" + i, "fp-bot-" + run + "-" + bot, "Cheap watches, click here");
                botMessages++;
            }
        }
        List<long[]> schedule = new ArrayList<>();
        long spreadMs = plan.spread().toMillis();
        for (int guest = 0; guest < plan.guests(); guest++) {
            for (int message = 0; message < plan.messagesPerGuest(); message++) {
                long at = plan.guests() == 0 ? 0 : spreadMs * guest / Math.max(1, plan.guests())
                        + message * Math.min(1000, spreadMs / Math.max(1, plan.messagesPerGuest()));
                schedule.add(new long[] {at, guest, message});
            }
        }
        schedule.sort((a, b) -> Long.compare(a[0], b[0]));
        long start = System.currentTimeMillis();
        for (long[] item : schedule) {
            long wait = start + item[0] - System.currentTimeMillis();
            if (wait > 0) {
                Thread.sleep(wait);
            }
            int guest = (int) item[1];
            send(socket, "guest-" + run + "-" + guest, "fp-guest-" + run + "-" + guest, TEXTS[(guest + (int) item[2]) % TEXTS.length]);
        }
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
        return new Outcome(schedule.size(), botMessages, refused.get());
    }

    private static void send(WebSocket socket, String conversationId, String fingerprint, String text) throws Exception {
        Map<String, String> message = Map.of("conversationId", conversationId, "fingerprint", fingerprint, "text", text);
        socket.sendText(JSON.writeValueAsString(message), true).get(10, TimeUnit.SECONDS);
    }
}
