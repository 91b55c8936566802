package com.cxoneflows.simulator.guest;

import com.cxoneflows.simulator.PacedTraffic;

import java.util.Map;

/** The built-in guest traffic's switches that tests and demos turn at run time ({@code POST /_sim/guests/config}). */
final class GuestTrafficConfig extends PacedTraffic {

    private volatile int bots = 2;

    GuestTrafficConfig() {
        super("guestsPerSecond", 2);
    }

    int bots() {
        return bots;
    }

    void bots(int value) {
        bots = value;
    }

    @Override
    public Map<String, Object> toMap() {
        Map<String, Object> config = super.toMap();
        config.put("bots", bots);
        return config;
    }
}
