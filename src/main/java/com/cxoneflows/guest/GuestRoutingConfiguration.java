package com.cxoneflows.guest;

import com.cxoneflows.settings.Settings;
import com.cxoneflows.deadletter.HttpRetries;
import com.cxoneflows.store.Database;
import com.cxoneflows.store.RejectedEventStore;
import com.cxoneflows.stream.StreamRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.CamelContextHelper;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;

/** The beans of {@code routes/guest-routing.camel.yaml}, bound by the names the routes use. */
public class GuestRoutingConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext camelContext) throws Exception {
        Settings settings = new Settings(camelContext.getPropertiesComponent());
        Registry registry = camelContext.getRegistry();
        ObjectMapper json = new ObjectMapper();
        Clock clock = CamelContextHelper.mandatoryFindSingleByType(camelContext, Clock.class);
        Database database = CamelContextHelper.mandatoryFindSingleByType(camelContext, Database.class);
        MeterRegistry meters = CamelContextHelper.mandatoryFindSingleByType(camelContext, MeterRegistry.class);
        StreamRegistry streams = CamelContextHelper.mandatoryFindSingleByType(camelContext, StreamRegistry.class);

        GuestCounters counters = new GuestCounters(meters);
        GuestInbox inbox = new GuestInbox(database);
        FingerprintRateLimiter limiter = new FingerprintRateLimiter(
                settings.integer("cxone.guest.rate-limit.max-messages", 10),
                settings.duration("cxone.guest.rate-limit.window", Duration.ofSeconds(60)),
                settings.integer("cxone.guest.rate-limit.max-fingerprints", 100_000), clock);
        if (settings.bool("cxone.guest.enabled", true) && settings.optional("crm.url").isEmpty()) {
            throw new IllegalArgumentException("set crm.url, the CRM batch endpoint of the guest-routing flow "
                    + "(or cxone.guest.enabled=false)");
        }
        int maxFrameBytes = settings.integer("cxone.guest.max-frame-bytes", 65_536);
        if (maxFrameBytes < 1) {
            throw new IllegalArgumentException("cxone.guest.max-frame-bytes must be at least 1");
        }

        registry.bind("webchatProtocol", new WebchatProtocol(json));
        registry.bind("guestFrames", new GuestFrames(json, clock, settings.string("cxone.guest.default-queue", "general-support"),
                maxFrameBytes, counters, streams.stream(GuestFrames.FLOW),
                CamelContextHelper.mandatoryFindSingleByType(camelContext, RejectedEventStore.class)));
        registry.bind("fingerprintRateLimiter", limiter);
        ConversationsInFlight inFlight = new ConversationsInFlight();
        registry.bind("guestIntake", new GuestIntake(limiter, inbox, counters, inFlight, clock,
                settings.duration("cxone.guest.redrive-after", Duration.ofMinutes(10))));
        registry.bind("taskRouting", new TaskRouting(json, clock, inbox, counters, inFlight));
        registry.bind("taskRoutingRetries", new HttpRetries(settings.integer("cxone.guest.routing.max-attempts", 6),
                Set.of(401, 408, 429)));
        registry.bind("crmSync", new CrmSync(json, counters, settings.string("crm.auth-header", "")));
        registry.bind("crmRetries", new HttpRetries(settings.integer("crm.max-attempts", 6), Set.of(429)));
        registry.bind("crmBatchStrategy", new CrmBatchStrategy());
        registry.bind("crmBatchRepository", CrmBatchRepository.create(database.dataSource(),
                settings.duration("crm.recovery-interval", Duration.ofSeconds(5))));
        registry.bind("guestApi", new GuestApi(camelContext, counters, inbox, limiter));
        // Camel shuts this pool down with the context
        registry.bind("guestRedeliveries", camelContext.getExecutorServiceManager().newScheduledThreadPool(
                this, "guest-redeliveries", settings.integer("cxone.guest.routing.concurrency", 8)));
    }

}
