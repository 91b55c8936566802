package com.cxoneflows.cluster;

import com.cxoneflows.stream.StreamEndpoint;
import com.cxoneflows.stream.StreamRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.impl.cluster.ClusteredRoutePolicy;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.support.service.ServiceSupport;

/**
 * Camel's {@link ClusteredRoutePolicy} (final, so wrapped) plus one thing: a stream route that is to run gets its
 * {@code /api/streams} row when the route is created, not when its reader first connects, so a standby lists the
 * streams the other replica reads, with that replica as their {@code node}.
 */
final class StandbyRows extends ServiceSupport implements RoutePolicy, CamelContextAware {

    private final ClusteredRoutePolicy clustered;
    private final StreamRegistry streams;

    StandbyRows(ClusteredRoutePolicy clustered, StreamRegistry streams) {
        this.clustered = clustered;
        this.streams = streams;
    }

    boolean leads() {
        return clustered.isLeader();
    }

    @Override
    public void onInit(Route route) {
        // before the clustered policy turns autoStartup off: a disabled flow's stream gets no row, as before
        if (route.isAutoStartup() && route.getEndpoint() instanceof StreamEndpoint stream) {
            streams.stream(stream.getStream());
        }
        clustered.onInit(route);
    }

    @Override
    public void onRemove(Route route) {
        clustered.onRemove(route);
    }

    @Override
    public void onStart(Route route) {
        clustered.onStart(route);
    }

    @Override
    public void onStop(Route route) {
        clustered.onStop(route);
    }

    @Override
    public void onSuspend(Route route) {
        clustered.onSuspend(route);
    }

    @Override
    public void onResume(Route route) {
        clustered.onResume(route);
    }

    @Override
    public void onExchangeBegin(Route route, Exchange exchange) {
        clustered.onExchangeBegin(route, exchange);
    }

    @Override
    public void onExchangeDone(Route route, Exchange exchange) {
        clustered.onExchangeDone(route, exchange);
    }

    @Override
    public CamelContext getCamelContext() {
        return clustered.getCamelContext();
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        clustered.setCamelContext(camelContext);
    }

    @Override
    protected void doStart() {
        ServiceHelper.startService(clustered);
    }

    @Override
    protected void doStop() {
        ServiceHelper.stopService(clustered);
    }

    @Override
    protected void doShutdown() {
        ServiceHelper.stopAndShutdownService(clustered);
    }
}
