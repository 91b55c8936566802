package com.cxoneflows.simulator.presence;

import com.cxoneflows.simulator.SimulatorContext;
import io.vertx.ext.web.Router;

import java.util.List;

/**
 * Contract §4 in the simulator: a tenant of {@value #USER_COUNT} users (random UUIDs, fixed for the simulator's
 * lifetime) whose presence changes stream over a WebSocket at a demo rate from the start, heartbeats that must be
 * acknowledged, and the switches tests use to make the stream misbehave. The server sends no snapshot: a socket
 * hears of a user with the user's next update (the first one whole, later ones as deltas). Mounts:
 * <ul>
 *   <li>{@code GET /v1/streaming/presence} the WebSocket (fault target {@code presence-stream} before the upgrade,
 *       then bearer token): subscribe → subscribed, updates of the subscribed users with a rising sequence per
 *       user, {@code {"type":"heartbeat","id":"hb-N"}} every {@code heartbeatIntervalMs}, close {@code 4000} when
 *       one is not acknowledged within {@code ackDeadlineMs}, {@code 4001 token expired} when the socket's token
 *       expires or is revoked, error and {@code 1008} for a bad subscribe or frame</li>
 *   <li>{@code POST /_sim/presence/config} any of {@code {"updatesPerSecond","paused","heartbeatIntervalMs",
 *       "ackDeadlineMs"}}; answers the whole configuration</li>
 *   <li>{@code GET /_sim/presence/ids} {@code {"userIds":[…]}}</li>
 *   <li>{@code POST /_sim/presence/generate} {@code {"count":n,"userId"?}} moves n random users, or one user n
 *       times, on at once</li>
 *   <li>{@code POST /_sim/presence/set} {@code {"userId","status"?,"queueName"?,"wrapUpCode"?}} changes those
 *       fields of one user now, in one update ({@code null} clears); answers {@code {"userId","sequence"}}</li>
 *   <li>{@code POST /_sim/presence/faults} one stream fault: {@code close} ({@code code}, {@code reason},
 *       {@code afterUpdates}; 1006 drops the TCP connection without a close frame), {@code duplicates}
 *       ({@code count}: the last update frames again), {@code out-of-order} ({@code count}: two updates of one user,
 *       the newer first), {@code outside-filter} ({@code count} updates of users a socket did not subscribe to),
 *       {@code malformed} ({@code count} frames: not JSON, no sequence, no user, in turn),
 *       {@code reject} ({@code count}, {@code reason}: error and 1008 for the next subscribes), {@code no-ack}
 *       ({@code count} subscribes left unanswered)</li>
 *   <li>{@code GET /_sim/presence/truth} per user the state after every update written to a socket, applied in
 *       sequence order: {@code {"users":[{"userId","status","queueName","wrapUpCode","sequence","timestamp"}]}}</li>
 *   <li>{@code GET /_sim/presence/stats} counters of updates, faults, heartbeats and acks (with the slowest ack),
 *       connections and closes by code</li>
 * </ul>
 */
public final class PresenceSimulator {

    public static final int USER_COUNT = 1000;

    /** How often open sockets are checked for an expired or revoked token, and for heartbeats due or overdue. */
    private static final long CHECK_MS = 50;

    private final SimulatorContext sim;
    private final PresenceWorld world;
    private final PresenceStats stats = new PresenceStats();
    private final PresenceTruth truth = new PresenceTruth();
    private final PresenceHub hub;
    private final PresenceStreamConfig config = new PresenceStreamConfig();

    public PresenceSimulator(SimulatorContext sim) {
        this.sim = sim;
        this.world = new PresenceWorld(USER_COUNT, sim.clock());
        this.hub = new PresenceHub(world, stats);
    }

    /** The tenant's users, sorted. */
    public List<String> userIds() {
        return world.ids();
    }

    /** Sets the rate of the built-in traffic, as {@code POST /_sim/presence/config {"updatesPerSecond"}} does. */
    public void updatesPerSecond(int rate) {
        config.perSecond(rate);
    }

    public void mount(Router router) {
        new PresenceStreamEndpoint(sim, world, hub, stats, truth).mount(router);
        new PresenceAdminApi(world, hub, config, stats, truth).mount(router);
        config.play(sim.vertx(), hub::generate);
        sim.vertx().setPeriodic(CHECK_MS, tick -> {
            hub.closeExpired(sim.tokens());
            hub.heartbeats(config.heartbeatIntervalMs(), config.ackDeadlineMs());
        });
    }
}
