package com.cxoneflows.adherence;

import com.cxoneflows.lifecycle.LifecycleService;
import com.cxoneflows.settings.Settings;
import com.cxoneflows.store.CommitSchedule;
import com.cxoneflows.store.CursorStore;
import com.cxoneflows.store.Database;
import com.cxoneflows.store.RejectedEventStore;
import com.cxoneflows.stream.StreamRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.CamelContextHelper;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The beans of {@code routes/adherence.camel.yaml}, by the names the routes use. Every setting's default is in
 * {@code application.properties}: here they are only read.
 */
public class AdherenceConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext camelContext) throws Exception {
        Settings settings = Settings.of(camelContext).forFlow("cxone.adherence.enabled");
        List<String> agentIds = parseIds(settings.optional("cxone.adherence.agent-ids").orElse(""));
        int commitEvery = settings.integer("cxone.adherence.commit-every");
        Duration commitInterval = settings.duration("cxone.adherence.commit-interval");
        Duration alertAfter = settings.duration("cxone.adherence.alert-after");
        CommitSchedule schedule = settings.validated(() -> new CommitSchedule(commitEvery, commitInterval,
                "cxone.adherence.commit-every", "cxone.adherence.commit-interval", System::nanoTime),
                "cxone.adherence.commit-every", "cxone.adherence.commit-interval");
        if (settings.hasProblems()) {
            return; // the check after configuration reports them
        }
        Registry registry = camelContext.getRegistry();
        ObjectMapper json = new ObjectMapper();
        Clock clock = CamelContextHelper.mandatoryFindSingleByType(camelContext, Clock.class);
        StreamRegistry streams = CamelContextHelper.mandatoryFindSingleByType(camelContext, StreamRegistry.class);
        AdherenceTable table = new AdherenceTable(
                CamelContextHelper.mandatoryFindSingleByType(camelContext, Database.class),
                CamelContextHelper.mandatoryFindSingleByType(camelContext, CursorStore.class),
                CamelContextHelper.mandatoryFindSingleByType(camelContext, RejectedEventStore.class),
                AdherenceStore.FLOW, filterKey(agentIds));
        AdherenceStore store = new AdherenceStore(table, Set.copyOf(agentIds), streams.stream(AdherenceStore.FLOW),
                CamelContextHelper.mandatoryFindSingleByType(camelContext, MeterRegistry.class), schedule,
                camelContext.getExecutorServiceManager(), json, clock);
        camelContext.addService(LifecycleService.of(store::start, store::stop), true, true);

        registry.bind("adherenceProtocol", new AdherenceProtocol(store, json));
        registry.bind("adherenceEvents", new AdherenceEvents(json));
        registry.bind("adherenceStore", store);
        registry.bind("adherenceApi", new AdherenceApi(store));
        registry.bind("adherenceAlerts", new AdherenceAlerts(store, alertAfter, clock));
    }

    /** The comma-separated agent ids, trimmed, without repeats. */
    static List<String> parseIds(String csv) {
        Set<String> ids = new LinkedHashSet<>();
        Arrays.stream(csv.split(",")).map(String::trim).filter(id -> !id.isEmpty()).forEach(ids::add);
        return List.copyOf(ids);
    }

    /**
     * The cursor's filter key: {@code agentIds=all}, or a digest of the sorted ids (a list of 500 UUIDs would not fit
     * the key's column), so that a changed list starts from a new baseline.
     */
    static String filterKey(List<String> agentIds) {
        if (agentIds.isEmpty()) {
            return "agentIds=all";
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(String.join(",", new TreeSet<>(agentIds)).getBytes(StandardCharsets.UTF_8));
            return "agentIds=sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
