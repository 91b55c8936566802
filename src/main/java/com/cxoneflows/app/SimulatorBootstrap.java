package com.cxoneflows.app;

import com.cxoneflows.lifecycle.LifecycleService;
import com.cxoneflows.settings.Settings;
import com.cxoneflows.simulator.CxoneSimulator;
import com.cxoneflows.simulator.SimulatorSettings;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.PropertiesComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Starts the embedded CXone simulator before routes and beans are configured, when
 * {@code cxone.simulator.enabled} is true (by default: when no client id is set), and points every
 * flow at it: the base URLs and demo credentials are filled in only where the user set none.
 */
public class SimulatorBootstrap extends MainListenerSupport {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatorBootstrap.class);

    @Override
    public void beforeConfigure(BaseMainSupport main) {
        PropertiesComponent properties = main.getCamelContext().getPropertiesComponent();
        Settings settings = Settings.of(main.getCamelContext());
        boolean credentialsConfigured = settings.optional("cxone.auth.client-id").isPresent();
        boolean enabled = settings.optional("cxone.simulator.enabled").isPresent()
                ? settings.bool("cxone.simulator.enabled") : !credentialsConfigured;
        if (!enabled) {
            return;
        }
        int port = settings.integer("cxone.simulator.port");
        String host = settings.string("cxone.simulator.host");
        Duration tokenLifetime = settings.duration("cxone.simulator.token-lifetime");
        boolean guestTraffic = settings.bool("cxone.simulator.guest-traffic");
        int presenceUpdatesPerSecond = settings.integer("cxone.simulator.presence-updates-per-second");
        if (settings.hasProblems()) {
            return;
        }
        SimulatorSettings simulatorSettings = SimulatorSettings.defaults(port).withHost(host).withTokenLifetime(tokenLifetime);
        CxoneSimulator simulator = CxoneSimulator.start(simulatorSettings);
        simulator.guestTraffic(guestTraffic);
        simulator.presenceTraffic(presenceUpdatesPerSecond);
        main.getCamelContext().getRegistry().bind("cxoneSimulator", simulator);
        try {
            main.getCamelContext().addService(LifecycleService.onStop(simulator::close), true, true);
        } catch (Exception e) {
            simulator.close();
            throw new IllegalStateException("cannot attach the simulator to the Camel context", e);
        }
        fillIn(properties, settings, "cxone.api-base-url", simulator.baseUrl());
        fillIn(properties, settings, "cxone.ws-base-url", simulator.wsBaseUrl());
        fillIn(properties, settings, "crm.url", simulator.baseUrl() + "/crm/v1/batches");
        fillIn(properties, settings, "cxone.agents.ids", String.join(",", simulator.agentIds()));
        if (!credentialsConfigured) {
            properties.addOverrideProperty("cxone.auth.client-id", simulatorSettings.clientId());
            properties.addOverrideProperty("cxone.auth.client-secret", simulatorSettings.clientSecret());
            properties.addOverrideProperty("cxone.auth.access-key-id", simulatorSettings.accessKeyId());
            properties.addOverrideProperty("cxone.auth.access-key-secret", simulatorSettings.accessKeySecret());
        }
        LOG.info("No CXone credentials configured: flows use the embedded simulator at {}", simulator.baseUrl());
    }

    private static void fillIn(PropertiesComponent properties, Settings settings, String key, String value) {
        if (settings.optional(key).isEmpty()) {
            properties.addOverrideProperty(key, value);
        }
    }

}
