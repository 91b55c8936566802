package com.cxoneflows.simulator.presence;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The presence stream's counters ({@code GET /_sim/presence/stats}). Lock-free, because sockets count their closes
 * from inside their frame queue, which must never wait for the hub.
 */
final class PresenceStats {

    final AtomicLong updatesGenerated = new AtomicLong();
    final AtomicLong updatesSent = new AtomicLong();
    final AtomicLong duplicatesSent = new AtomicLong();
    final AtomicLong outOfOrderSent = new AtomicLong();
    final AtomicLong outsideFilterSent = new AtomicLong();
    final AtomicLong malformedSent = new AtomicLong();
    final AtomicLong heartbeatsSent = new AtomicLong();
    final AtomicLong heartbeatAcks = new AtomicLong();
    final AtomicLong unknownAcks = new AtomicLong();
    final AtomicLong maxAckMs = new AtomicLong();
    final AtomicLong connections = new AtomicLong();
    final AtomicLong subscribes = new AtomicLong();
    final AtomicLong refusedFrames = new AtomicLong();
    private final Map<Integer, AtomicLong> closes = new ConcurrentSkipListMap<>();

    void closed(int code) {
        closes.computeIfAbsent(code, c -> new AtomicLong()).incrementAndGet();
    }

    void acked(long latencyMs) {
        heartbeatAcks.incrementAndGet();
        maxAckMs.accumulateAndGet(latencyMs, Math::max);
    }

    Map<String, Object> toMap(int openConnections) {
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("updatesGenerated", updatesGenerated.get());
        stats.put("updatesSent", updatesSent.get());
        stats.put("duplicatesSent", duplicatesSent.get());
        stats.put("outOfOrderSent", outOfOrderSent.get());
        stats.put("outsideFilterSent", outsideFilterSent.get());
        stats.put("malformedSent", malformedSent.get());
        stats.put("heartbeatsSent", heartbeatsSent.get());
        stats.put("heartbeatAcks", heartbeatAcks.get());
        stats.put("unknownAcks", unknownAcks.get());
        stats.put("maxAckMs", maxAckMs.get());
        stats.put("connections", connections.get());
        stats.put("openConnections", openConnections);
        stats.put("subscribes", subscribes.get());
        stats.put("refusedFrames", refusedFrames.get());
        Map<String, Long> byCode = new LinkedHashMap<>();
        closes.forEach((code, count) -> byCode.put(String.valueOf(code), count.get()));
        stats.put("closes", byCode);
        return stats;
    }
}
