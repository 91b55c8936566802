package com.cxoneflows.app;

import com.cxoneflows.settings.SettingsException;
import com.cxoneflows.simulator.CxoneSimulator;
import com.cxoneflows.simulator.SimulatorSettings;
import com.cxoneflows.simulator.guest.GuestPlayer;
import org.apache.camel.main.Main;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar target/cxone-flows.jar} runs the flows (on the embedded simulator when no credentials
 * are set); {@code --simulator-only} runs only the simulator, on {@code cxone.simulator.port} (default 8090);
 * {@code --simulate [--url ws://…/webchat/v1/guest] [--guests N] [--bots M] …} plays guests and bots on a
 * simulator's guest socket (see {@link GuestPlayer}).
 */
public final class CxoneFlowsMain {

    /** Exit code of a start refused for its settings (EX_CONFIG of sysexits.h). */
    public static final int CONFIGURATION_ERROR = 78;

    private CxoneFlowsMain() {
    }

    public static void main(String[] args) throws Exception {
        if (Arrays.asList(args).contains("--simulator-only")) {
            runSimulatorOnly();
            return;
        }
        if (Arrays.asList(args).contains("--simulate")) {
            simulateGuests(Arrays.asList(args));
            return;
        }
        runFlows();
    }

    /** Settings to fix are printed as they are, one line each, without a stack trace: there is nothing to debug. */
    private static void runFlows() throws Exception {
        Main main = CxoneFlows.newMain(Map.of());
        try {
            main.run();
        } catch (Exception failure) {
            SettingsException settings = SettingsException.in(failure).orElseThrow(() -> failure);
            main.completed(); // else Camel's shutdown hook takes the exit below for a SIGTERM and says so
            System.err.println(settings.getMessage());
            System.exit(CONFIGURATION_ERROR);
        }
    }

    /** Plays guests and bots on a simulator's guest socket; a bad option gets its reason and exit code 2. */
    private static void simulateGuests(List<String> args) throws Exception {
        GuestPlayer.Plan plan;
        try {
            plan = GuestPlayer.Plan.parse(args);
        } catch (IllegalArgumentException bad) {
            System.err.println("--simulate: " + bad.getMessage());
            System.exit(2);
            return;
        }
        System.out.printf("Playing %d guest(s) x %d message(s) over %d s and %d bot(s) x %d message(s) on %s%n",
                plan.guests(), plan.messagesPerGuest(), plan.spread().toSeconds(), plan.bots(), plan.botBurst(), plan.url());
        GuestPlayer.Outcome outcome = GuestPlayer.play(plan);
        System.out.printf("Sent %d guest and %d bot message(s); the simulator refused %d%n",
                outcome.guestMessages(), outcome.botMessages(), outcome.refused());
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
