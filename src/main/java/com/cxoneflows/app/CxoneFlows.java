package com.cxoneflows.app;

import com.cxoneflows.agent.AgentMonitorConfiguration;
import com.cxoneflows.contact.ContactStateConfiguration;
import com.cxoneflows.guest.GuestRoutingConfiguration;
import org.apache.camel.main.Main;

import java.util.Map;

/** Builds the product's Camel Main: the same for {@code java -jar}, the tests and the benchmarks. */
public final class CxoneFlows {

    /** application.properties is read from the working directory; environment and {@code -D} override it. */
    public static final String PROPERTIES_LOCATION = "file:application.properties";

    private CxoneFlows() {
    }

    public static Main newMain(Map<String, String> overrides) {
        Main main = new Main();
        main.setPropertyPlaceholderLocations(PROPERTIES_LOCATION);
        overrides.forEach(main::addOverrideProperty);
        main.addMainListener(new SimulatorBootstrap());
        main.configure().addConfiguration(FoundationConfiguration.class);
        main.configure().addConfiguration(ContactStateConfiguration.class);
        main.configure().addConfiguration(AgentMonitorConfiguration.class);
        main.configure().addConfiguration(GuestRoutingConfiguration.class);
        return main;
    }
}
