package com.cxoneflows.simulator.agent;

import com.cxoneflows.simulator.SimulatorContext;
import io.vertx.ext.web.Router;

import java.util.List;

/**
 * Contract §3 in the simulator: a tenant of {@value #AGENT_COUNT} agents (random UUIDs, fixed for the
 * simulator's lifetime) whose legal state changes stream over a WebSocket, a REST baseline, and the switches
 * tests use to make the stream misbehave. Mounts:
 * <ul>
 *   <li>{@code GET /api/v2/agents/states?agentIds=<csv>} the baseline; bearer token; fault target {@code agent-baseline}</li>
 *   <li>{@code GET /api/v2/events/stream} the WebSocket (fault target {@code agent-stream} before the upgrade,
 *       then bearer token); subscribe frames, acks, rejects, events, pings every {@code pingIntervalMs}, and
 *       close {@code 4001 token expired} when the socket's token expires or is revoked</li>
 *   <li>{@code POST /_sim/agents/config} any of {@code {"eventsPerSecond","paused","ackDelayMs","pingIntervalMs"}};
 *       answers the whole configuration</li>
 *   <li>{@code GET /_sim/agents/ids} {@code {"agentIds":[…]}}</li>
 *   <li>{@code POST /_sim/agents/generate} {@code {"count":n}} appends n legal events at once; answers {@code {"sequence"}}</li>
 *   <li>{@code POST /_sim/agents/faults} one stream fault: {@code close} ({@code code}, {@code reason},
 *       {@code afterEvents}; 1006 drops the TCP connection without a close frame), {@code reject}
 *       ({@code count}, {@code reason}), {@code no-ack} ({@code count}), {@code illegal} ({@code count}),
 *       {@code malformed} ({@code count} frames that are not JSON), {@code duplicates} ({@code count})</li>
 *   <li>{@code GET /_sim/agents/truth} every agent's state, reason code, last applied update and last seen sequence</li>
 *   <li>{@code GET /_sim/agents/stats} counters of events, faults, connections, subscriptions, frames and pongs</li>
 * </ul>
 */
public final class AgentEventSimulator {

    public static final int AGENT_COUNT = 200;

    /** How often open sockets are checked for an expired or revoked token. */
    private static final long TOKEN_CHECK_MS = 100;

    private final SimulatorContext sim;
    private final AgentWorld world;
    private final AgentHub hub;
    private final AgentStreamConfig config = new AgentStreamConfig();

    public AgentEventSimulator(SimulatorContext sim) {
        this.sim = sim;
        this.world = new AgentWorld(AGENT_COUNT, sim.clock());
        this.hub = new AgentHub(world);
    }

    /** The tenant's agents, for a product that runs on the simulator and has none configured. */
    public List<String> agentIds() {
        return world.ids();
    }

    public void mount(Router router) {
        new AgentBaselineEndpoint(sim, world).mount(router);
        new AgentStreamEndpoint(sim, world, hub, config).mount(router);
        new AgentAdminApi(world, hub, config).mount(router);
        config.play(sim.vertx(), hub::generate);
        sim.vertx().setPeriodic(TOKEN_CHECK_MS, tick -> hub.closeExpired(sim.tokens()));
    }
}
