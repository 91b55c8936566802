package com.cxoneflows.simulator.adherence;

import com.cxoneflows.simulator.PacedTraffic;
import com.cxoneflows.simulator.SimulatorContext;
import io.vertx.ext.web.Router;

import java.util.List;

/**
 * Contract §5 in the simulator: the tenant's agents (those of the agent-event stream) whose schedules and adherence
 * change at a demo rate, the WFM baseline, the notifications socket with a retention window, and the switches tests use.
 * Mounts:
 * <ul>
 *   <li>{@code GET /api/v2/wfm/schedules} the baseline; bearer token; fault target {@code adherence-baseline}</li>
 *   <li>{@code GET /notifications/v1/stream} the WebSocket (fault target {@code adherence-stream} before the upgrade,
 *       then bearer token): subscribe with a sequenceId, ack, the replay of every retained event after it, live
 *       events; {@code stale_sequence} for a sequenceId whose successors are not all retained; close {@code 4001
 *       token expired} when the socket's token expires or is revoked</li>
 *   <li>{@code POST /_sim/adherence/config} any of {@code {"eventsPerSecond","paused","retention"}} (5/s, no, 500
 *       events by default); answers the whole configuration</li>
 *   <li>{@code POST /_sim/adherence/generate} {@code {"count":n}} makes n changes at once; answers {@code {"sequenceId"}}</li>
 *   <li>{@code POST /_sim/adherence/faults} one fault: {@code close} ({@code code}, {@code reason},
 *       {@code afterEvents}; 1006 drops the TCP connection without a close frame), {@code gap} ({@code count}: the
 *       next events go to the log and the baseline but to no socket), {@code duplicates} ({@code count}: every open
 *       socket sends its last events again), {@code reject} ({@code count}, {@code reason}, {@code stale_sequence} by
 *       default), {@code no-ack} ({@code count}: subscribes left unanswered)</li>
 *   <li>{@code GET /_sim/adherence/truth} {@code {"sequenceId","agents":{id:{"scheduledState","actualState",
 *       "inAdherence","sequenceId"}}}}</li>
 *   <li>{@code GET /_sim/adherence/stats} counters: events generated and withheld, duplicates sent, events replayed,
 *       baselines served, stale rejections, subscribe frames, acks, connections</li>
 * </ul>
 */
public final class AdherenceSimulator {

    static final int DEFAULT_RETENTION = 500;

    /** How often open sockets are checked for an expired or revoked token. */
    private static final long TOKEN_CHECK_MS = 100;

    private final SimulatorContext sim;
    private final AdherenceWorld world;
    private final AdherenceHub hub;
    private final PacedTraffic traffic = new PacedTraffic("eventsPerSecond", 5);

    public AdherenceSimulator(SimulatorContext sim, List<String> agentIds) {
        this.sim = sim;
        this.world = new AdherenceWorld(agentIds, sim.clock());
        this.hub = new AdherenceHub(world, DEFAULT_RETENTION);
    }

    public void mount(Router router) {
        new AdherenceBaselineEndpoint(sim, hub).mount(router);
        new AdherenceStreamEndpoint(sim, world, hub).mount(router);
        new AdherenceAdminApi(world, hub, traffic).mount(router);
        traffic.play(sim.vertx(), hub::generate);
        sim.vertx().setPeriodic(TOKEN_CHECK_MS, tick -> hub.closeExpired(sim.tokens()));
    }
}
