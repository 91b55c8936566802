package com.cxoneflows.simulator;

import com.cxoneflows.simulator.adherence.AdherenceSimulator;
import com.cxoneflows.simulator.contact.ContactSimulator;
import com.cxoneflows.simulator.agent.AgentEventSimulator;
import com.cxoneflows.simulator.guest.GuestChannelSimulator;
import com.cxoneflows.simulator.presence.PresenceSimulator;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An embedded server that plays the reference contract's CXone (never the product's own code):
 * one HTTP and WebSocket port with the token endpoint, the streams and REST interfaces that the
 * flows add, and {@code /_sim} switches for faults and recorded requests.
 */
public final class CxoneSimulator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CxoneSimulator.class);

    private final Vertx vertx;
    private final HttpServer server;
    private final SimulatorContext context;

    private final AgentEventSimulator agents;
    private final GuestChannelSimulator guests;
    private final PresenceSimulator presence;

    private CxoneSimulator(Vertx vertx, HttpServer server, SimulatorContext context, AgentEventSimulator agents,
                           GuestChannelSimulator guests, PresenceSimulator presence) {
        this.vertx = vertx;
        this.server = server;
        this.context = context;
        this.agents = agents;
        this.guests = guests;
        this.presence = presence;
    }

    /** Starts or pauses the built-in guest traffic (tests that count guest messages play their own). */
    public void guestTraffic(boolean playing) {
        guests.paused(!playing);
    }

    /** Sets the rate of the built-in presence updates (0: none; tests that count updates make their own). */
    public void presenceTraffic(int updatesPerSecond) {
        presence.updatesPerSecond(updatesPerSecond);
    }

    /** The simulated tenant's presence user ids, sorted. */
    public List<String> presenceUserIds() {
        return presence.userIds();
    }

    /** The simulated tenant's agent ids. */
    public List<String> agentIds() {
        return agents.agentIds();
    }

    public static CxoneSimulator start(SimulatorSettings settings) {
        Vertx vertx = Vertx.vertx();
        try {
            SimulatorContext context = new SimulatorContext(vertx, Clock.systemUTC(), settings);
            Router router = Router.router(vertx);
            // GETs have no body to read, and reading one (a client that sends Content-Length: 0, like the JDK's
            // WebSocket client) would end the request before a WebSocket upgrade could take it. No file uploads:
            // they would create a folder in the working directory, which in the image is not writable.
            BodyHandler bodies = BodyHandler.create(false).setBodyLimit(1024 * 1024);
            router.route().handler(ctx -> {
                if (ctx.request().method() == HttpMethod.GET) {
                    ctx.next();
                } else {
                    bodies.handle(ctx);
                }
            });
            new TokenEndpoint(context).mount(router);
            new AdminApi(context).mount(router);
            new WebhookSink(context).mount(router);
            new ContactSimulator(context).mount(router);
            AgentEventSimulator agents = new AgentEventSimulator(context);
            agents.mount(router);
            GuestChannelSimulator guests = new GuestChannelSimulator(context);
            guests.mount(router);
            new AdherenceSimulator(context, agents.agentIds()).mount(router);
            PresenceSimulator presence = new PresenceSimulator(context);
            presence.mount(router);
            HttpServer server = vertx.createHttpServer()
                    .requestHandler(router)
                    .listen(settings.port(), settings.host())
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            LOG.info("CXone simulator (reference contract) listening on http://{}:{}", settings.host(), server.actualPort());
            return new CxoneSimulator(vertx, server, context, agents, guests, presence);
        } catch (Exception e) {
            vertx.close();
            throw new IllegalStateException("the CXone simulator could not start on port " + settings.port() + ": " + e.getMessage(), e);
        }
    }

    public int port() {
        return server.actualPort();
    }

    public String baseUrl() {
        return "http://" + hostForClients() + ":" + port();
    }

    public String wsBaseUrl() {
        return "ws://" + hostForClients() + ":" + port();
    }

    private String hostForClients() {
        String host = context.settings().host();
        return "0.0.0.0".equals(host) ? "127.0.0.1" : host;
    }

    public SimulatorContext context() {
        return context;
    }

    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("CXone simulator did not stop cleanly: {}", e.getMessage());
        }
    }
}
