package com.cxoneflows.app;

import com.cxoneflows.cluster.ClusterNodes;
import com.cxoneflows.cluster.ClusterSettings;
import com.cxoneflows.cluster.StreamLeadership;
import com.cxoneflows.lifecycle.LifecycleService;
import com.cxoneflows.settings.Settings;
import com.cxoneflows.store.Database;
import com.cxoneflows.stream.StreamRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.spi.Registry;

import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The cluster ({@code cxone.cluster.*}): the route policy the stream routes name ({@code streamLeadership}), the
 * replicas' heartbeat in the store and who reads the streams for {@code /api/streams}. With
 * {@code cxone.cluster.service=none} the policy does nothing and no heartbeat is written.
 */
public class ClusterConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext camelContext) throws Exception {
        Settings settings = Settings.of(camelContext);
        ClusterSettings cluster = ClusterSettings.of(settings);
        Registry registry = camelContext.getRegistry();
        Database database = registry.lookupByNameAndType("database", Database.class);
        if (cluster == null || database == null) {
            return; // the check after configuration reports the problems (the foundation's too)
        }
        StreamRegistry streams = registry.lookupByNameAndType("streamRegistry", StreamRegistry.class);
        StreamLeadership leadership = StreamLeadership.on(camelContext, cluster, streams);
        registry.bind("streamLeadership", leadership.policy());
        ClusterNodes nodes = new ClusterNodes(database, registry.findSingleByType(Clock.class), cluster);
        registry.bind("clusterNodes", nodes);
        streams.readBy(nodes);
        if (cluster.clustered()) {
            ScheduledExecutorService heartbeat = camelContext.getExecutorServiceManager()
                    .newSingleThreadScheduledExecutor(this, "cluster-heartbeat");
            long every = cluster.heartbeat().toMillis();
            camelContext.addService(LifecycleService.of(
                    () -> heartbeat.scheduleWithFixedDelay(() -> nodes.beat(leadership::leads), 0, every, TimeUnit.MILLISECONDS),
                    () -> {
                        camelContext.getExecutorServiceManager().shutdownNow(heartbeat);
                        nodes.leave();
                    }), true, true);
        }
    }
}
