package com.cxoneflows.lifecycle;

import org.apache.camel.support.service.ServiceSupport;

/**
 * Ties something that is not a Camel service (a connection pool, the simulator, a commit timer) to the
 * Camel context's start and stop. Beans that routes call must not be services themselves: stopping a
 * route stops the services its bean steps hold.
 */
public final class LifecycleService extends ServiceSupport {

    /** A start or stop step that may throw. */
    @FunctionalInterface
    public interface Step {
        void run() throws Exception;
    }

    private final Step start;
    private final Step stop;

    private LifecycleService(Step start, Step stop) {
        this.start = start;
        this.stop = stop;
    }

    public static LifecycleService of(Step start, Step stop) {
        return new LifecycleService(start, stop);
    }

    public static LifecycleService onStop(Step stop) {
        return new LifecycleService(() -> { }, stop);
    }

    @Override
    protected void doStart() throws Exception {
        start.run();
    }

    @Override
    protected void doStop() throws Exception {
        stop.run();
    }
}
