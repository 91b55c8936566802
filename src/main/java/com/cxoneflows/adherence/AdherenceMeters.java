package com.cxoneflows.adherence;

import com.cxoneflows.stream.StreamState;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * What the adherence flow counts since start, as {@code cxone_adherence_*} meters: events applied, duplicates
 * skipped (the stream's own count), gaps, baselines applied, {@code stale_sequence} refusals, and the agents out of
 * adherence now.
 */
final class AdherenceMeters {

    final AtomicLong events = new AtomicLong();
    final AtomicLong gaps = new AtomicLong();
    final AtomicLong baselines = new AtomicLong();
    final AtomicLong staleRejections = new AtomicLong();

    AdherenceMeters(MeterRegistry meters, StreamState stream, IntSupplier outOfAdherence) {
        counter(meters, "cxone.adherence.events", "Adherence events applied", events);
        FunctionCounter.builder("cxone.adherence.duplicates", stream, StreamState::duplicates)
                .description("Adherence events at or below the last applied sequenceId, skipped").register(meters);
        counter(meters, "cxone.adherence.gaps", "Adherence events above the last applied sequenceId + 1 (a baseline followed)", gaps);
        counter(meters, "cxone.adherence.baselines", "Adherence baselines taken", baselines);
        counter(meters, "cxone.adherence.stale.rejections", "Subscriptions refused with stale_sequence", staleRejections);
        Gauge.builder("cxone.adherence.agents.out.of.adherence", outOfAdherence::getAsInt)
                .description("Agents out of adherence now").register(meters);
    }

    private static void counter(MeterRegistry meters, String name, String description, AtomicLong value) {
        FunctionCounter.builder(name, value, AtomicLong::get).description(description).register(meters);
    }
}
