package com.cxoneflows.simulator.contact;

import com.cxoneflows.simulator.SimulatorContext;
import io.vertx.ext.web.Router;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The simulator's contact centre (contract §2 and §6): thousands of contacts moving through legal chains,
 * one global event log, its SSE stream and snapshot, and switches that make the stream misbehave the ways
 * the contact-state flow must survive. What the world knows ({@code truth}) is what a correct client ends up with.
 * <ul>
 *   <li>{@code GET /api/v2/realtime/contacts/stream?state=&queue_id=&max_events=} SSE, bearer token,
 *       {@code Last-Event-ID} resumes (fault target {@code contacts-stream})</li>
 *   <li>{@code GET /api/v2/realtime/contacts?state=&queue_id=} the snapshot, bearer token (fault target {@code contacts-snapshot})</li>
 *   <li>{@code POST /_sim/contacts/config} any of {@code {"eventsPerSecond","paused","retention","keepAliveMs","retryMs"}};
 *       answers the whole configuration</li>
 *   <li>{@code POST /_sim/contacts/generate} {@code {"count":n}} appends n legal events at once; answers {@code {"lastEventId"}}</li>
 *   <li>{@code POST /_sim/contacts/faults} one stream fault by {@code kind}: {@code drop} and {@code token-expiry}
 *       ({@code afterEvents}), {@code duplicates} ({@code count}) and {@code framing} ({@code lineEnding},
 *       {@code multiline}, {@code connections}) and {@code raw} ({@code chunks} in base64, {@code chunkDelayMs}) for
 *       the next connections; {@code quiet} ({@code durationMs}); {@code malformed} and {@code illegal}
 *       ({@code count}) appended to the log at once</li>
 *   <li>{@code GET /_sim/contacts/truth} every contact ever seen, as its applied events made it</li>
 *   <li>{@code GET /_sim/contacts/stats} events generated, faults injected, duplicates sent, connections, log head and tail</li>
 * </ul>
 */
public final class ContactSimulator {

    private final ContactStreamEndpoint endpoint;
    private final ContactAdminApi admin;
    private final ContactGenerator generator;
    private final SimulatorContext sim;

    public ContactSimulator(SimulatorContext sim) {
        this.sim = sim;
        AtomicReference<StreamConfig> config = new AtomicReference<>(StreamConfig.DEFAULTS);
        EventLog log = new EventLog(StreamConfig.DEFAULTS.retention());
        StreamStats stats = new StreamStats();
        ContactWorld world = new ContactWorld(sim.clock(), log, stats);
        StreamFaults faults = new StreamFaults(sim.clock());
        this.endpoint = new ContactStreamEndpoint(new StreamEnvironment(sim, world, faults, stats, config::get), log);
        this.admin = new ContactAdminApi(sim, world, log, faults, stats, config);
        this.generator = new ContactGenerator(world, faults, config::get);
    }

    /** Adds the routes and sets the world moving. */
    public void mount(Router router) {
        endpoint.mount(router);
        admin.mount(router);
        generator.start(sim.vertx());
    }
}
