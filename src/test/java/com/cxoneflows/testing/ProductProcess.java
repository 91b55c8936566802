package com.cxoneflows.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged product ({@code target/cxone-flows.jar}) as a separate JVM, started the way the README
 * says, from the project folder, with {@code -D} overrides. {@link #kill()} is a SIGKILL: no shutdown hook runs.
 */
public final class ProductProcess implements AutoCloseable {

    public static final Path JAR = Path.of("target", "cxone-flows.jar");

    private final Process process;
    private final Path log;
    private final int port;
    /** Folders deleted once the process has ended. */
    private final List<Path> deletedOnClose = new ArrayList<>();

    private ProductProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    public static ProductProcess start(Map<String, String> properties, String... args) {
        return start("-Xmx256m", properties, args);
    }

    /**
     * Starts it with JVM options of its own, separated by spaces: a heap limit, e.g. {@code -Xmx1g} for a simulator
     * holding a large event log, and any others.
     */
    public static ProductProcess start(String jvmOptions, Map<String, String> properties, String... args) {
        return start(Path.of(""), jvmOptions, properties, args);
    }

    /** Starts it from another folder, which then holds the {@code application.properties} and routes it reads. */
    public static ProductProcess startIn(Path workingDirectory, Map<String, String> properties, String... args) {
        return start(workingDirectory, "-Xmx256m", properties, args);
    }

    private static ProductProcess start(Path workingDirectory, String jvmOptions, Map<String, String> properties, String... args) {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR + " is missing: run these tests with 'mvn verify'");
        }
        try {
            int port = Integer.parseInt(properties.getOrDefault("camel.server.port", String.valueOf(FreePorts.next())));
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(List.of(jvmOptions.trim().split("\\s+")));
            command.add("-Dcamel.server.port=" + port);
            properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
            command.add("-jar");
            command.add(JAR.toAbsolutePath().toString());
            command.addAll(List.of(args));
            Path log = Files.createTempFile("cxone-product", ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                    .directory(workingDirectory.toAbsolutePath().toFile());
            // a product process must not inherit credentials from the machine running the tests
            builder.environment().keySet().removeIf(name -> name.startsWith("CXONE_") || name.startsWith("CRM_"));
            return new ProductProcess(builder.start(), log, port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The exit code once the process ended by itself within {@code timeout}; fails if it is still running. */
    public int exitCode(Duration timeout) {
        waitFor(timeout);
        if (process.isAlive()) {
            throw new IllegalStateException("still running after " + timeout.toSeconds() + " s");
        }
        return process.exitValue();
    }

    /** SIGKILL, as a crash would: nothing is flushed, no shutdown hook runs. */
    public void kill() {
        process.destroyForcibly();
        waitFor(Duration.ofSeconds(10));
    }

    private void waitFor(Duration timeout) {
        try {
            process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Deletes {@code folder} (e.g. its data folder: a contact benchmark writes about 500 MB a run) once closed. */
    public ProductProcess deletingOnClose(Path folder) {
        deletedOnClose.add(folder);
        return this;
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            waitFor(Duration.ofSeconds(20));
            if (process.isAlive()) {
                kill();
            }
        }
        if (!process.isAlive()) {
            deletedOnClose.forEach(ProductProcess::delete);
        }
    }

    /** Best effort: what a run measured stands even if its folder cannot be deleted. */
    private static void delete(Path folder) {
        try (var paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException | UncheckedIOException e) {
            System.err.println("cannot delete " + folder + ": " + e.getMessage());
        }
    }
}
