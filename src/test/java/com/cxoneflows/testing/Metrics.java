package com.cxoneflows.testing;

/** A product's Prometheus metrics as tests and benchmarks read them. */
public final class Metrics {

    private Metrics() {
    }

    /** One sample at {@code productBaseUrl}'s {@code /observe/metrics}, e.g. {@code cxone_presence_stale_total}; 0 when absent. */
    public static double sample(String productBaseUrl, String sample) {
        for (String line : Http.get(productBaseUrl + "/observe/metrics").body().lines().toList()) {
            if (line.startsWith(sample + " ")) {
                return Double.parseDouble(line.substring(sample.length() + 1).trim());
            }
        }
        return 0;
    }
}
