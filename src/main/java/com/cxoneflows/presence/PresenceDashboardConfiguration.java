package com.cxoneflows.presence;

import com.cxoneflows.settings.Settings;
import com.cxoneflows.store.RejectedEventStore;
import com.cxoneflows.stream.StreamRegistry;
import com.cxoneflows.stream.StreamState;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.ext.web.Router;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.ExtendedStartupListener;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.CamelContextHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;

/**
 * The beans of {@code routes/presence-dashboard.camel.yaml}, and the feed and page mounted on the HTTP server's
 * router once it is up. The settings are checked here, before anything connects.
 */
public class PresenceDashboardConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(PresenceDashboardConfiguration.class);
    static final String STREAM = "presence-dashboard";

    @Override
    public void configure(CamelContext camelContext) throws Exception {
        Settings settings = Settings.of(camelContext).forFlow("cxone.presence.enabled");
        PresenceSettings presence = PresenceSettings.read(settings);
        int port = settings.integer("camel.server.port");
        if (presence == null || settings.hasProblems()) {
            return; // the check after configuration reports them
        }
        Registry registry = camelContext.getRegistry();
        ObjectMapper json = new ObjectMapper();
        StreamState stream = CamelContextHelper.mandatoryFindSingleByType(camelContext, StreamRegistry.class).stream(STREAM);
        PresenceMeters meters = new PresenceMeters(CamelContextHelper.mandatoryFindSingleByType(camelContext, MeterRegistry.class));
        PresenceBoard board = new PresenceBoard(presence, stream, meters,
                CamelContextHelper.mandatoryFindSingleByType(camelContext, RejectedEventStore.class),
                CamelContextHelper.mandatoryFindSingleByType(camelContext, Clock.class));
        PresenceFeed feed = new PresenceFeed(presence, json, stream, meters, System.currentTimeMillis());

        registry.bind("presenceProtocol", new PresenceProtocol(presence, json, meters));
        registry.bind("presenceUpdates", new PresenceUpdates(json));
        registry.bind("presenceBoard", board);
        registry.bind("presenceFields", new PresenceFields(presence.fields(), meters));
        registry.bind("presenceCoalescing", new PresenceCoalescing(meters));
        registry.bind("presenceFeed", feed);
        registry.bind("presenceApi", new PresenceApi(board));

        DashboardEndpoints endpoints = new DashboardEndpoints(feed, presence.clientQueue(), json);
        camelContext.addStartupListener(new ExtendedStartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
                // the HTTP server's router is complete once the context has fully started
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
                Router router = VertxPlatformHttpRouter.lookup(context, VertxPlatformHttpRouter.getRouterNameFromPort(port));
                if (router == null) {
                    LOG.warn("No HTTP server on port {}: the presence feed and the dashboard page are not served", port);
                    return;
                }
                endpoints.mount(router);
            }
        });
    }
}
