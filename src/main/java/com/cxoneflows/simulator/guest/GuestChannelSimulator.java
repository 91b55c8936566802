package com.cxoneflows.simulator.guest;

import com.cxoneflows.simulator.SimulatorContext;
import io.vertx.ext.web.Router;

/**
 * Contract §7–§9 in the simulator: the web-chat guest channel, the Task Routing API the product routes guest
 * conversations to, and the customer's CRM batch endpoint, with the switches tests use. Mounts:
 * <ul>
 *   <li>{@code GET /webchat/v1/ws} the integration WebSocket (fault target {@code webchat} before the upgrade):
 *       first frame {@code {"type":"auth","token"}} → {@code {"type":"auth.ok"}}, else close {@code 4001
 *       unauthorized}; then every guest-side frame, in order; close {@code 4001 token expired} when the token
 *       expires or is revoked</li>
 *   <li>{@code GET /webchat/v1/guest} the guest WebSocket, no auth: each text frame
 *       {@code {"conversationId","text","fingerprint","queueId"?}} is pushed as an inbound message</li>
 *   <li>{@code POST /_sim/guests/send} {@code {"frames":["<raw>",…]}} or {@code {"messages":[{…},…]}};
 *       answers {@code {"sent":n}}</li>
 *   <li>{@code POST /_sim/guests/config} any of {@code {"guestsPerSecond","paused","bots"}}; answers the whole
 *       configuration</li>
 *   <li>{@code GET /_sim/guests/stats} {@code {"framesPushed","messagesPushed","conversations",
 *       "integrationSockets","guestSockets","botFingerprints"}}</li>
 *   <li>{@code POST /api/v2/routing/conversations} and {@code /_sim/routing/*}: see {@link TaskRoutingEndpoint}</li>
 *   <li>{@code POST /crm/v1/batches} and {@code GET /_sim/crm/batches}: see {@link CrmBatchEndpoint}</li>
 * </ul>
 */
public final class GuestChannelSimulator {

    /** How often open integration sockets are checked for an expired or revoked token. */
    private static final long TOKEN_CHECK_MS = 100;

    private final SimulatorContext sim;
    private final WebchatHub hub;
    private final GuestTrafficConfig config = new GuestTrafficConfig();

    public GuestChannelSimulator(SimulatorContext sim) {
        this.sim = sim;
        this.hub = new WebchatHub(sim.clock());
    }

    /** Pauses or resumes the built-in guest traffic, as {@code POST /_sim/guests/config {"paused"}} does. */
    public void paused(boolean paused) {
        config.paused(paused);
    }

    public void mount(Router router) {
        GuestTraffic traffic = new GuestTraffic(sim.vertx(), sim.clock(), config, hub);
        new WebchatEndpoint(sim, hub).mount(router);
        new GuestAdminApi(hub, config, traffic).mount(router);
        new TaskRoutingEndpoint(sim).mount(router);
        new CrmBatchEndpoint(sim).mount(router);
        sim.vertx().setPeriodic(GuestTraffic.TICK_MS, tick -> traffic.tick());
        sim.vertx().setPeriodic(TOKEN_CHECK_MS, tick -> hub.closeExpired(sim.tokens()));
    }
}
