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
import java.util.Optional;

/**
 * The beans every flow stands on, bound by the names the YAML routes use: the durable store, the token
 * lifecycle, the dead-letter store with its JMX and HTTP doors, the stream registry and health checks.
 */
public class FoundationConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext camelContext) throws Exception {
        // the clock and the meters come first, settings or not: the flows' checks of their settings use them
        Registry registry = camelContext.getRegistry();
        Clock clock = Clock.systemUTC();
        registry.bind("clock", clock);
        // One meter registry for Camel's Prometheus endpoint and the flows' own meters, whichever is set up first.
        MeterRegistry meters = registry.lookupByNameAndType("metricsRegistry", MeterRegistry.class);
        if (meters == null) {
            meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            registry.bind("metricsRegistry", meters);
        }

        Settings settings = Settings.of(camelContext);
        StoreSettings storeSettings = storeSettings(settings);
        AuthSettings authSettings = authSettings(settings);
        deriveWebSocketBase(camelContext, settings);
        if (settings.hasProblems()) {
            return; // nothing is built on settings that are wrong: the check after configuration lists them all
        }

        Database database = Database.open(storeSettings);
        camelContext.addService(LifecycleService.onStop(database::close), true, true);
        registry.bind("database", database);
        registry.bind("dataSource", database.dataSource());
        registry.bind("cursorStore", new CursorStore(database, clock));
        RejectedEventStore rejectedEvents = new RejectedEventStore(database);
        registry.bind("rejectedEventStore", rejectedEvents);
        registry.bind("rejectedEventsApi", new RejectedEventsApi(rejectedEvents));

        TokenService tokens = new TokenService(authSettings, clock);
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
            settings.optional("cxone.api-base-url").ifPresentOrElse(api -> camelContext.getPropertiesComponent()
                    .addOverrideProperty("cxone.ws-base-url", api.replaceFirst("^http", "ws")),
                    () -> settings.missing("cxone.ws-base-url", "set it to the WebSocket base URL of your tenant, "
                            + "or set cxone.api-base-url: it then defaults to that with ws(s)://"));
        }
    }

    private static StoreSettings storeSettings(Settings settings) {
        Optional<String> url = settings.optional("cxone.store.url");
        int maxPoolSize = settings.integer("cxone.store.max-pool-size");
        return url.isPresent()
                ? new StoreSettings(url.get(), settings.optional("cxone.store.username").orElse(""),
                        settings.optional("cxone.store.password").orElse(""), maxPoolSize)
                : StoreSettings.embedded(Path.of(settings.string("cxone.data-dir")), maxPoolSize);
    }

    /** Null when a key is missing or wrong (then a problem); the credentials are checked once there is a token URL. */
    private static AuthSettings authSettings(Settings settings) {
        URI tokenUrl = tokenUrl(settings);
        GrantType grantType = settings.parsed("cxone.auth.grant-type", (key, name) -> GrantType.fromWireName(name));
        Duration refreshBefore = settings.duration("cxone.auth.refresh-before");
        Duration requestTimeout = settings.duration("cxone.auth.request-timeout");
        Duration retryBase = settings.duration("cxone.auth.retry-base");
        Duration retryMax = settings.duration("cxone.auth.retry-max");
        Duration invalidClientRetryInterval = settings.duration("cxone.auth.invalid-client-retry-interval");
        Backoff backoff = settings.validated(() -> Backoff.exponential(retryBase, retryMax),
                "cxone.auth.retry-base", "cxone.auth.retry-max");
        if (tokenUrl == null) {
            return null;
        }
        return settings.validated(() -> new AuthSettings(
                tokenUrl,
                grantType,
                settings.optional("cxone.auth.client-id").orElse(null),
                settings.optional("cxone.auth.client-secret").orElse(null),
                settings.optional("cxone.auth.scope").orElse(null),
                settings.optional("cxone.auth.access-key-id").orElse(null),
                settings.optional("cxone.auth.access-key-secret").orElse(null),
                refreshBefore,
                requestTimeout,
                backoff,
                invalidClientRetryInterval));
    }

    /** {@code cxone.auth.token-url}, else the token endpoint under {@code cxone.api-base-url}, which is then required. */
    private static URI tokenUrl(Settings settings) {
        if (settings.optional("cxone.auth.token-url").isPresent()) {
            return settings.parsed("cxone.auth.token-url", (key, url) -> URI.create(url));
        }
        if (settings.optional("cxone.api-base-url").isEmpty()) {
            settings.missing("cxone.api-base-url", "set it to the REST base URL of your CXone tenant, e.g. "
                    + "https://your-tenant.example.com, or leave cxone.auth.client-id unset to run on the embedded simulator");
            return null;
        }
        return settings.parsed("cxone.api-base-url", (key, apiBase) -> URI.create(stripSlash(apiBase) + "/oauth/v2/token"));
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

}
