package com.cxoneflows.simulator;

import io.vertx.core.Vertx;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * The traffic a simulated stream plays on its own, which tests and demos turn at run time: how many events a
 * second (named per stream in its {@code /config} answer) and whether it is paused. Volatile because the pacer's
 * timer reads them; a stream with more switches extends this.
 */
public class PacedTraffic {

    private final String rateField;
    private volatile int perSecond;
    private volatile boolean paused;

    /** @param rateField the rate's name in the stream's {@code /config} */
    public PacedTraffic(String rateField, int perSecond) {
        this.rateField = rateField;
        this.perSecond = perSecond;
    }

    public int perSecond() {
        return perSecond;
    }

    public void perSecond(int value) {
        perSecond = value;
    }

    public boolean paused() {
        return paused;
    }

    public void paused(boolean value) {
        paused = value;
    }

    /** Plays this traffic on an {@link EventPacer} tick: {@code generate} makes that many events at once. */
    public void play(Vertx vertx, IntConsumer generate) {
        EventPacer pacer = new EventPacer(this::perSecond, this::paused, generate);
        vertx.setPeriodic(EventPacer.TICK_MS, tick -> pacer.tick());
    }

    /** The switches as the stream's {@code /config} answers them, the rate and {@code paused} first. */
    public Map<String, Object> toMap() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put(rateField, perSecond);
        config.put("paused", paused);
        return config;
    }
}
