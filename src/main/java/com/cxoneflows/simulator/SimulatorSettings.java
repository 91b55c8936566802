package com.cxoneflows.simulator;

import java.time.Duration;

/**
 * How the simulator starts. The credentials are demo values that the product uses when no
 * real ones are configured; they are not secrets of anyone's tenant.
 */
public record SimulatorSettings(String host, int port, String clientId, String clientSecret, String accessKeyId,
                                String accessKeySecret, Duration tokenLifetime) {

    public static final String DEMO_CLIENT_ID = "simulator-client";
    public static final String DEMO_CLIENT_SECRET = "simulator-secret";
    public static final String DEMO_ACCESS_KEY_ID = "simulator-access-key";
    public static final String DEMO_ACCESS_KEY_SECRET = "simulator-access-key-secret";

    public static SimulatorSettings defaults(int port) {
        return new SimulatorSettings("127.0.0.1", port, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DEMO_ACCESS_KEY_ID,
                DEMO_ACCESS_KEY_SECRET, Duration.ofHours(1));
    }

    public SimulatorSettings withTokenLifetime(Duration lifetime) {
        return new SimulatorSettings(host, port, clientId, clientSecret, accessKeyId, accessKeySecret, lifetime);
    }

    public SimulatorSettings withHost(String bindHost) {
        return new SimulatorSettings(bindHost, port, clientId, clientSecret, accessKeyId, accessKeySecret, tokenLifetime);
    }
}
