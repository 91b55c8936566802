package com.cxoneflows.app;

import org.apache.camel.main.Main;

import java.util.Map;

/**
 * Builds the product's Camel Main: the same for {@code java -jar}, the tests and the benchmarks. The foundation
 * (store, tokens, dead letters, streams) and the cluster are configured first; the flows follow in the order
 * {@code camel.main.configurationClasses} lists them, so this class knows no flow.
 */
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
        main.addMainListener(new SettingsCheck());
        main.configure().addConfiguration(new FoundationConfiguration());
        main.configure().addConfiguration(new ClusterConfiguration());
        main.configure().addConfiguration(new JolokiaConfiguration());
        return main;
    }
}
