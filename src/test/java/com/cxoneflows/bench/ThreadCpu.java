package com.cxoneflows.bench;

import com.cxoneflows.testing.ProductProcess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a product's CPU goes, by thread: the CPU time of each of its threads from {@code jcmd Thread.print} (which
 * gives it for the JVM's own threads too: GC, JIT compilers), taken before and after a measured phase and summed into
 * the groups a benchmark names. A process's CPU per event says how far a flow is from its bare client; this says
 * which of its threads the difference runs on. Threads that ended during the phase (a compiler thread the JVM let go)
 * are in no group: the line says how much of the process's CPU that leaves.
 */
final class ThreadCpu {

    /** A group of threads: the first whose pattern finds a thread's name takes it. */
    record Group(String label, Pattern threadName) {

        static Group of(String label, String threadNameRegex) {
            return new Group(label, Pattern.compile(threadNameRegex));
        }
    }

    /** The JVM's own threads, which every benchmark's breakdown ends with. */
    static final List<Group> JVM = List.of(
            Group.of("GC", "^(GC Thread|VM Thread|ParGC|G1 |PSYoung|Parallel)"),
            Group.of("JIT", "CompilerThread"));

    /** {@code "name" #12 ... cpu=123.45ms}, and the JVM's own threads' {@code "VM Thread" os_prio=0 cpu=1.2ms}. */
    private static final Pattern THREAD_LINE = Pattern.compile("^\"(.*)\".*? cpu=([0-9.]+)ms", Pattern.MULTILINE);

    private final ProductProcess product;
    private final List<Group> groups;
    private Map<String, Double> started = Map.of();
    private Map<String, Double> stopped = Map.of();

    ThreadCpu(ProductProcess product, List<Group> groups) {
        this.product = product;
        this.groups = groups;
    }

    /** Samples the threads where a measured phase starts. */
    void start() {
        started = sample();
    }

    /** Samples the threads where a measured phase ends. */
    void stop() {
        stopped = sample();
    }

    /** The CPU milliseconds of each live thread so far, by name (threads of the same name summed). */
    private Map<String, Double> sample() {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        try {
            Process print = new ProcessBuilder(jcmd, String.valueOf(product.pid()), "Thread.print").redirectErrorStream(true).start();
            String text = new String(print.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            print.waitFor();
            Map<String, Double> millis = new HashMap<>();
            for (Matcher thread = THREAD_LINE.matcher(text); thread.find(); ) {
                millis.merge(thread.group(1), Double.parseDouble(thread.group(2)), Double::sum);
            }
            if (millis.isEmpty()) {
                throw new IllegalStateException("no thread CPU times in jcmd Thread.print: " + text);
            }
            return millis;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted reading the product's threads", e);
        }
    }

    /**
     * One line: the CPU µs per {@code unit} (event, message) of each group over the last phase measured ({@link #start}
     * to {@link #stop}), then the rest of the live threads ("other") and what the process spent beyond its live threads
     * (threads that ended), which the process's own figure {@code processMicrosPerEvent} includes.
     */
    String breakdown(String label, String unit, long events, double processMicrosPerEvent) {
        Map<String, Double> before = started;
        Map<String, Double> after = stopped;
        Map<String, Double> byGroup = new LinkedHashMap<>();
        groups.forEach(group -> byGroup.put(group.label(), 0.0));
        JVM.forEach(group -> byGroup.put(group.label(), 0.0));
        byGroup.put("other", 0.0);
        after.forEach((thread, millis) -> byGroup.merge(groupOf(thread), millis - before.getOrDefault(thread, 0.0), Double::sum));
        StringJoiner line = new StringJoiner(", ", label + ", CPU µs per " + unit + " by thread: ", "");
        double threads = 0;
        for (Map.Entry<String, Double> group : byGroup.entrySet()) {
            double micros = group.getValue() * 1000 / events;
            threads += micros;
            line.add(group.getKey() + " " + String.format(Locale.ROOT, "%.2f", micros));
        }
        line.add(String.format(Locale.ROOT, "ended threads %.2f (process %.1f)", processMicrosPerEvent - threads, processMicrosPerEvent));
        return line.toString();
    }

    private String groupOf(String thread) {
        for (List<Group> list : List.of(groups, JVM)) {
            for (Group group : list) {
                if (group.threadName().matcher(thread).find()) {
                    return group.label();
                }
            }
        }
        return "other";
    }
}
