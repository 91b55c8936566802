package com.cxoneflows.testing;

import com.cxoneflows.app.CxoneFlows;
import com.cxoneflows.simulator.CxoneSimulator;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;
import org.awaitility.core.ConditionTimeoutException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/**
 * The product started in this JVM exactly as {@code java -jar} starts it (same Main, same routes and
 * application.properties), on a free HTTP port and a fresh data folder, with properties overridden for speed.
 */
public final class RunningProduct implements AutoCloseable {

    private final Main main;
    private final int port;
    private final Path dataDir;

    private RunningProduct(Main main, int port, Path dataDir) {
        this.main = main;
        this.port = port;
        this.dataDir = dataDir;
    }

    public static RunningProduct start(Map<String, String> overrides) {
        try {
            Path dataDir = Files.createTempDirectory("cxone-data");
            return start(overrides, dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static RunningProduct start(Map<String, String> overrides, Path dataDir) {
        if (overrides.containsKey("camel.server.port")) {
            // a given port is kept (a product started again where browsers and clients expect it), as ProductProcess does
            return startOn(Integer.parseInt(overrides.get("camel.server.port")), overrides, dataDir);
        }
        try {
            return startOn(FreePorts.next(), overrides, dataDir);
        } catch (ConditionTimeoutException e) {
            // the free port was taken before the HTTP server bound it (Vert.x only logs that): once more on another
            return startOn(FreePorts.next(), overrides, dataDir);
        }
    }

    private static RunningProduct startOn(int port, Map<String, String> overrides, Path dataDir) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("camel.server.port", String.valueOf(port));
        properties.put("cxone.data-dir", dataDir.toString());
        properties.put("camel.main.routesIncludePattern", "file:routes/*.camel.yaml,classpath:test-routes/*.camel.yaml");
        properties.putAll(overrides);
        Main main = CxoneFlows.newMain(properties);
        try {
            main.start();
        } catch (Exception e) {
            try {
                main.stop();
            } catch (Exception ignored) {
                // the start failure is what matters
            }
            throw new IllegalStateException("product did not start: " + e.getMessage(), e);
        }
        RunningProduct product = new RunningProduct(main, port, dataDir);
        try {
            // Main.start() can return a moment before the HTTP routes answer (Vert.x's HTML 404 until then)
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> Http.get(product.url("/api/streams")).status() == 200);
        } catch (RuntimeException e) {
            // a context left running keeps its MBean names: the next test's would be renamed and its JMX asserts fail
            product.close();
            throw e;
        }
        return product;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    public <T> T bean(String name, Class<T> type) {
        T bean = context().getRegistry().lookupByNameAndType(name, type);
        if (bean == null) {
            throw new IllegalStateException("no bean " + name);
        }
        return bean;
    }

    public SimulatorClient simulator() {
        return new SimulatorClient(bean("cxoneSimulator", CxoneSimulator.class).baseUrl());
    }

    public Path dataDir() {
        return dataDir;
    }

    @Override
    public void close() {
        try {
            main.stop();
            main.shutdown();
        } catch (Exception e) {
            throw new IllegalStateException("product did not stop cleanly", e);
        }
    }
}
