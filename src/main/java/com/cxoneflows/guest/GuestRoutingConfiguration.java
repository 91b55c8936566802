package com.cxoneflows.guest;

import com.cxoneflows.settings.Settings;
import com.cxoneflows.deadletter.HttpRetries;
import com.cxoneflows.cluster.ClusterNodes;
import com.cxoneflows.store.Database;
import com.cxoneflows.store.RejectedEventStore;
import com.cxoneflows.stream.StreamRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.processor.aggregate.GroupedExchangeAggregationStrategy;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.CamelContextHelper;
import org.apache.camel.support.builder.ExpressionBuilder;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;

/** The beans of {@code routes/guest-routing.camel.yaml}, bound by the names the routes use. */
public class GuestRoutingConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext camelContext) throws Exception {
        Settings settings = Settings.of(camelContext).forFlow("cxone.guest.enabled");
        if (settings.bool("cxone.guest.enabled") && settings.optional("crm.url").isEmpty()) {
            settings.missing("crm.url", "set crm.url, the CRM batch endpoint of the guest-routing flow (contract §9)");
        }
        int maxMessages = settings.integer("cxone.guest.rate-limit.max-messages");
        Duration window = settings.duration("cxone.guest.rate-limit.window");
        int maxFingerprints = settings.integer("cxone.guest.rate-limit.max-fingerprints");
        int maxFrameBytes = settings.integer("cxone.guest.max-frame-bytes");
        if (maxFrameBytes < 1) {
            settings.problem("cxone.guest.max-frame-bytes", "must be at least 1, was " + maxFrameBytes);
        }
        String defaultQueue = settings.string("cxone.guest.default-queue");
        Duration redriveAfter = settings.duration("cxone.guest.redrive-after");
        Duration keepRouted = settings.duration("cxone.guest.inbox.keep-routed");
        if (keepRouted.isZero()) {
            settings.problem("cxone.guest.inbox.keep-routed", "must be longer than zero");
        }
        int routingAttempts = settings.integer("cxone.guest.routing.max-attempts");
        Set<Integer> routingRetryable = settings.integers("cxone.guest.routing.retryable-statuses");
        HttpRetries taskRoutingRetries = settings.validated(() -> new HttpRetries(routingAttempts, routingRetryable),
                "cxone.guest.routing.max-attempts");
        int crmAttempts = settings.integer("crm.max-attempts");
        Set<Integer> crmRetryable = settings.integers("crm.retryable-statuses");
        HttpRetries crmRetries = settings.validated(() -> new HttpRetries(crmAttempts, crmRetryable), "crm.max-attempts");
        Duration crmRecoveryInterval = settings.duration("crm.recovery-interval");
        int concurrency = settings.integer("cxone.guest.routing.concurrency");
        int crmBatchSize = settings.integer("crm.batch-size");
        int routedGroupSize = settings.integer("cxone.guest.routed-group-size");
        if (routedGroupSize < 1) {
            settings.problem("cxone.guest.routed-group-size", "must be at least 1, was " + routedGroupSize);
        }
        ObjectMapper json = new ObjectMapper();
        Clock clock = CamelContextHelper.mandatoryFindSingleByType(camelContext, Clock.class);
        GuestCounters counters = new GuestCounters(CamelContextHelper.mandatoryFindSingleByType(camelContext, MeterRegistry.class));
        FingerprintRateLimiter limiter = settings.validated(
                () -> new FingerprintRateLimiter(maxMessages, window, maxFingerprints, clock));
        CrmSync crmSync = settings.validated(
                () -> new CrmSync(json, counters, settings.optional("crm.auth-header").orElse("")));
        CrmBatchStrategy crmBatchStrategy = settings.validated(
                () -> new CrmBatchStrategy(json, crmBatchSize, routedGroupSize), "crm.batch-size");
        if (settings.hasProblems()) {
            return; // the check after configuration reports them
        }
        Registry registry = camelContext.getRegistry();
        Database database = CamelContextHelper.mandatoryFindSingleByType(camelContext, Database.class);
        StreamRegistry streams = CamelContextHelper.mandatoryFindSingleByType(camelContext, StreamRegistry.class);
        GuestInbox inbox = new GuestInbox(database);
        registry.bind("webchatProtocol", new WebchatProtocol(json));
        registry.bind("guestFrames", new GuestFrames(json, clock, defaultQueue, maxFrameBytes, counters,
                streams.stream(GuestFrames.FLOW), CamelContextHelper.mandatoryFindSingleByType(camelContext, RejectedEventStore.class)));
        registry.bind("fingerprintRateLimiter", limiter);
        ConversationsInFlight inFlight = new ConversationsInFlight();
        registry.bind("inboxRetention", new InboxRetention(inbox, clock, keepRouted));
        registry.bind("guestIntake", new GuestIntake(limiter, inbox, counters, inFlight, clock, redriveAfter));
        registry.bind("taskRouting", new TaskRouting(json, clock, inbox, counters, inFlight));
        ClusterNodes nodes = CamelContextHelper.mandatoryFindSingleByType(camelContext, ClusterNodes.class);
        registry.bind("conversationClaims", new ConversationClaims(inbox, nodes, inFlight));
        registry.bind("taskRoutingRetries", taskRoutingRetries);
        registry.bind("crmSync", crmSync);
        registry.bind("crmRetries", crmRetries);
        registry.bind("crmBatchStrategy", crmBatchStrategy);
        // the routed group's size and completion as an expression and a predicate the aggregator finds by name: bean
        // methods would be invoked on a copy of each conversation's exchange
        registry.bind("routedGroupSize", ExpressionBuilder.constantExpression(crmBatchStrategy.groupSize()));
        registry.bind("nothingElseInFlight", new NothingElseInFlight(inFlight));
        registry.bind("routedConversationsStrategy", new GroupedExchangeAggregationStrategy());
        registry.bind("crmBatchRepository", CrmBatchRepository.create(database.dataSource(), crmRecoveryInterval,
                nodes.nodeId(), nodes::deadBefore));
        registry.bind("guestApi", new GuestApi(camelContext, counters, inbox, limiter));
        camelContext.addComponent("task-routing-http", taskRoutingClient());
        // Camel shuts this pool down with the context
        registry.bind("guestRedeliveries", camelContext.getExecutorServiceManager().newScheduledThreadPool(
                this, "guest-redeliveries", concurrency));
    }

    /**
     * Task Routing's HTTP client: the API sets no cookies, compresses nothing and takes its token as a header, so
     * HttpClient's cookie, compression, auth-cache and connection-state handlers stay out of each call; and, like
     * the shared client ({@code camel.component.http.automaticRetriesDisabled}), it never retries: Camel owns retries.
     * camel-http and not camel-vertx-http: the circuit breaker waits for the call, so Vert.x's client hands each one
     * from the routing thread to its event loop, the answer to a worker, then back: about four times the context
     * switches, and more of the product's CPU per routed conversation (README, issue 15's sixth round).
     */
    private static HttpComponent taskRoutingClient() {
        HttpComponent client = new HttpComponent();
        client.setAutomaticRetriesDisabled(true);
        client.setCookieManagementDisabled(true);
        client.setContentCompressionDisabled(true);
        client.setAuthCachingDisabled(true);
        client.setConnectionStateDisabled(true);
        return client;
    }

}
