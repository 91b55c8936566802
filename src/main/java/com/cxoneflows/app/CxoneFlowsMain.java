package com.cxoneflows.app;

import com.cxoneflows.simulator.CxoneSimulator;
import com.cxoneflows.simulator.SimulatorSettings;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar target/cxone-flows.jar} runs the flows (on the embedded simulator when no credentials
 * are set); {@code --simulator-only} runs only the simulator, on {@code cxone.simulator.port} (default 8090).
 */
public final class CxoneFlowsMain {

    private CxoneFlowsMain() {
    }

    public static void main(String[] args) throws Exception {
        if (Arrays.asList(args).contains("--simulator-only")) {
            runSimulatorOnly();
            return;
        }
        CxoneFlows.newMain(Map.of()).run();
    }

    private static void runSimulatorOnly() throws InterruptedException {
        int port = Integer.parseInt(System.getProperty("cxone.simulator.port",
                System.getenv().getOrDefault("CXONE_SIMULATOR_PORT", "8090")));
        String host = System.getProperty("cxone.simulator.host",
                System.getenv().getOrDefault("CXONE_SIMULATOR_HOST", "0.0.0.0"));
        CxoneSimulator simulator = CxoneSimulator.start(SimulatorSettings.defaults(port).withHost(host));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            stopped.countDown();
        }, "simulator-shutdown"));
        stopped.await();
    }
}
