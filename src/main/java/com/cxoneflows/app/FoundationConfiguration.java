package com.cxoneflows.app;

import com.cxoneflows.lifecycle.LifecycleService;
import com.cxoneflows.settings.Settings;
import com.cxoneflows.api.ApiErrorResponder;
import com.cxoneflows.api.DeadLetterApi;
import com.cxoneflows.api.JsonErrorPages;
import com.cxoneflows.api.RejectedEventsApi;
import com.cxoneflows.stream.StreamRegistry;
import com.cxoneflows.api.StreamsApi;
import com.cxoneflows.stream.StreamsHealthCheck;
import com.cxoneflows.auth.AuthSettings;
import com.cxoneflows.auth.BearerToken;
import com.cxoneflows.auth.RefusedToken;
import com.cxoneflows.auth.GrantType;
import com.cxoneflows.auth.TokenHealthCheck;
import com.cxoneflows.auth.TokenService;
import com.cxoneflows.deadletter.DeadLetterQueue;
import com.cxoneflows.deadletter.DeadLetterRecorder;
import com.cxoneflows.deadletter.DeadLetterStore;
import com.cxoneflows.deadletter.FailureTracker;
import com.cxoneflows.http.Backoff;
import com.cxoneflows.store.CursorStore;
import com.cxoneflows.store.Database;
import com.cxoneflows.store.RejectedEventStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import com.cxoneflows.store.StoreSettings;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.spi.Registry;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * The beans every flow stands on, bound by the names the YAML routes use: the durable store, the token
 * lifecycle, the dead-letter store with its JMX and HTTP doors, the stream registry and health checks.
 */
public class FoundationConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext camelContext) throws Exception {
        Settings settings = new Settings(camelContext.getPropertiesComponent());
        deriveWebSocketBase(camelContext, settings);
        Registry registry = camelContext.getRegistry();
        Clock clock = Clock.systemUTC();
        registry.bind("clock", clock);

        Database database = Database.open(storeSettings(settings));
        camelContext.addService(LifecycleService.onStop(database::close), true, true);
        registry.bind("database", database);
        registry.bind("dataSource", database.dataSource());
        registry.bind("cursorStore", new CursorStore(database, clock));
        RejectedEventStore rejectedEvents = new RejectedEventStore(database);
        registry.bind("rejectedEventStore", rejectedEvents);
        registry.bind("rejectedEventsApi", new RejectedEventsApi(rejectedEvents));
        // One meter registry for Camel's Prometheus endpoint and the flows' own meters, whichever is set up first.
        MeterRegistry meters = registry.lookupByNameAndType("metricsRegistry", MeterRegistry.class);
        if (meters == null) {
            meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            registry.bind("metricsRegistry", meters);
        }

        TokenService tokens = new TokenService(authSettings(settings), clock);
        camelContext.addService(tokens, true, true);
        registry.bind("tokenService", tokens);
        registry.bind("cxoneBearerToken", new BearerToken(tokens));
        RefusedToken refusedToken = new RefusedToken(tokens);
        registry.bind("refusedToken", refusedToken);

        DeadLetterStore deadLetterStore = new DeadLetterStore(database);
        DeadLetterQueue deadLetters = new DeadLetterQueue(deadLetterStore, clock);
        camelContext.addService(deadLetters, true, true);
        registry.bind("deadLetterStore", deadLetterStore);
        registry.bind("deadLetterQueue", deadLetters);
        registry.bind("deadLetterRecorder", new DeadLetterRecorder(deadLetterStore, clock));
        registry.bind("failureTracker", new FailureTracker(clock, refusedToken));

        StreamRegistry streams = new StreamRegistry(meters);
        registry.bind("streamRegistry", streams);
        registry.bind("streamsApi", new StreamsApi(streams));
        registry.bind("deadLetterApi", new DeadLetterApi(deadLetters));
        registry.bind("apiErrorResponder", new ApiErrorResponder());

        HealthCheckRegistry health = HealthCheckRegistry.get(camelContext);
        if (health != null) {
            TokenHealthCheck tokenHealth = new TokenHealthCheck(tokens);
            tokenHealth.setCamelContext(camelContext);
            health.register(tokenHealth);
            StreamsHealthCheck streamsHealth = new StreamsHealthCheck(streams);
            streamsHealth.setCamelContext(camelContext);
            health.register(streamsHealth);
        }

        JsonErrorPages.install(camelContext);
    }

    /** {@code cxone.ws-base-url} defaults to the API base with {@code ws(s)://} when only the API base is set. */
    private static void deriveWebSocketBase(CamelContext camelContext, Settings settings) {
        if (settings.optional("cxone.ws-base-url").isEmpty()) {
            settings.optional("cxone.api-base-url").ifPresent(api -> camelContext.getPropertiesComponent()
                    .addOverrideProperty("cxone.ws-base-url", api.replaceFirst("^http", "ws")));
        }
    }

    static StoreSettings storeSettings(Settings settings) {
        return settings.optional("cxone.store.url")
                .map(url -> new StoreSettings(url, settings.string("cxone.store.username", ""),
                        settings.string("cxone.store.password", ""), settings.integer("cxone.store.max-pool-size", 8)))
                .orElseGet(() -> StoreSettings.embedded(Path.of(settings.string("cxone.data-dir", "./data"))));
    }

    static AuthSettings authSettings(Settings settings) {
        String apiBase = settings.optional("cxone.api-base-url").orElseThrow(() -> new IllegalArgumentException(
                "set cxone.api-base-url (or leave cxone.auth.client-id unset to run on the embedded simulator)"));
        URI tokenUrl = URI.create(settings.string("cxone.auth.token-url", stripSlash(apiBase) + "/oauth/v2/token"));
        return new AuthSettings(
                tokenUrl,
                GrantType.fromWireName(settings.string("cxone.auth.grant-type", "client_credentials")),
                settings.optional("cxone.auth.client-id").orElse(null),
                settings.optional("cxone.auth.client-secret").orElse(null),
                settings.optional("cxone.auth.scope").orElse(null),
                settings.optional("cxone.auth.access-key-id").orElse(null),
                settings.optional("cxone.auth.access-key-secret").orElse(null),
                settings.duration("cxone.auth.refresh-before", Duration.ofSeconds(30)),
                settings.duration("cxone.auth.request-timeout", Duration.ofSeconds(10)),
                Backoff.exponential(settings.duration("cxone.auth.retry-base", Duration.ofMillis(500)),
                        settings.duration("cxone.auth.retry-max", Duration.ofSeconds(30))),
                settings.duration("cxone.auth.invalid-client-retry-interval", Duration.ofMinutes(5)));
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

}
