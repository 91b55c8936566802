package com.cxoneflows.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The rows of one benchmark over its runs: each run's table as soon as the run ends (a late failure keeps what was
 * measured), then every row once more with a line per run and the median of each column, for the README to quote.
 */
final class BenchmarkTable {

    /** Marks a column a row has no value for (a burst has no meaningful latency, a bare client no product heap). */
    static final double NONE = Double.NaN;

    /**
     * One measured row.
     *
     * @param perSecond  events (or messages, conversations) a second
     * @param cpuMicros  CPU µs per event of the process that did the work: the product's, or this JVM's for a bare client
     * @param p50        latency in ms
     * @param p99        latency in ms
     * @param heapMb     the product's heap in use after a full GC
     * @param ratio      this row's rate over the bare client's of the same run
     */
    record Row(String label, double perSecond, double cpuMicros, double p50, double p99, double heapMb, double ratio) {

        static Row of(String label, double perSecond, double cpuMicros) {
            return new Row(label, perSecond, cpuMicros, NONE, NONE, NONE, NONE);
        }

        Row latency(double p50Millis, double p99Millis) {
            return new Row(label, perSecond, cpuMicros, p50Millis, p99Millis, heapMb, ratio);
        }

        Row heap(double megabytes) {
            return new Row(label, perSecond, cpuMicros, p50, p99, megabytes, ratio);
        }

        Row against(Row bare) {
            return new Row(label, perSecond, cpuMicros, p50, p99, heapMb, perSecond / bare.perSecond);
        }

        /** The same figures under another label: one flow row against a second bare client. */
        Row labelled(String other) {
            return new Row(other, perSecond, cpuMicros, p50, p99, heapMb, ratio);
        }
    }

    private final String title;
    private final Map<String, List<Row>> rowsByLabel = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();

    BenchmarkTable(String title) {
        this.title = title;
    }

    /** One run's rows, printed at once. */
    void run(int number, List<Row> rows) {
        System.out.println();
        System.out.println(title + ", run " + number);
        System.out.println(header());
        for (Row row : rows) {
            System.out.println(line(row.label(), row));
            rowsByLabel.computeIfAbsent(row.label(), label -> new ArrayList<>()).add(row);
        }
        System.out.flush();
    }

    /** A line printed under the summary (what a column means, a caveat of this configuration). */
    void note(String note) {
        if (!notes.contains(note)) {
            notes.add(note);
        }
    }

    void printSummary() {
        System.out.println();
        System.out.println(title + ": every run and the median (" + BenchmarkSupport.describeMachine() + ")");
        System.out.println(header());
        rowsByLabel.forEach((label, rows) -> {
            System.out.println(label);
            for (int i = 0; i < rows.size(); i++) {
                System.out.println(line("  run " + (i + 1), rows.get(i)));
            }
            if (rows.size() > 1) {
                System.out.println(line("  median", median(label, rows)));
            }
        });
        notes.forEach(System.out::println);
        System.out.flush();
    }

    private static Row median(String label, List<Row> rows) {
        return new Row(label, median(rows, Row::perSecond), median(rows, Row::cpuMicros), median(rows, Row::p50),
                median(rows, Row::p99), median(rows, Row::heapMb), median(rows, Row::ratio));
    }

    private static double median(List<Row> rows, ToDoubleFunction<Row> column) {
        double[] values = rows.stream().mapToDouble(column).filter(value -> !Double.isNaN(value)).sorted().toArray();
        if (values.length == 0) {
            return NONE;
        }
        int middle = values.length / 2;
        return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }

    private static String header() {
        return String.format(Locale.ROOT, "%-68s %10s %10s %8s %8s %8s %6s", "", "per s", "CPU µs/ev", "p50 ms", "p99 ms",
                "heap MB", "ratio");
    }

    private static String line(String label, Row row) {
        return String.format(Locale.ROOT, "%-68s %10s %10s %8s %8s %8s %6s", label, number(row.perSecond(), "%,.0f"),
                number(row.cpuMicros(), "%.1f"), number(row.p50(), "%.0f"), number(row.p99(), "%.0f"),
                number(row.heapMb(), "%.0f"), number(row.ratio(), "%.2f"));
    }

    private static String number(double value, String format) {
        return Double.isNaN(value) ? "—" : String.format(Locale.ROOT, format, value);
    }
}
