package com.cxoneflows.simulator.guest;

import java.util.LinkedHashMap;
import java.util.Map;

/** The built-in guest traffic's switches that tests and demos turn at run time ({@code POST /_sim/guests/config}). */
final class GuestTrafficConfig {

    private volatile int guestsPerSecond = 2;
    private volatile boolean paused;
    private volatile int bots = 2;

    int guestsPerSecond() {
        return guestsPerSecond;
    }

    void guestsPerSecond(int value) {
        guestsPerSecond = value;
    }

    boolean paused() {
        return paused;
    }

    void paused(boolean value) {
        paused = value;
    }

    int bots() {
        return bots;
    }

    void bots(int value) {
        bots = value;
    }

    Map<String, Object> toMap() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("guestsPerSecond", guestsPerSecond);
        config.put("paused", paused);
        config.put("bots", bots);
        return config;
    }
}
