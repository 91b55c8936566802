package com.cxoneflows.auth;

import com.cxoneflows.auth.TokenEndpointClient.Attempt;
import org.apache.camel.StaticService;
import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedOperation;
import org.apache.camel.api.management.ManagedResource;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The process-wide CXone token (contract §1 "settled"): one cached token, at most one token request
 * in flight however many callers ask, renewal before expiry, forced renewal after a {@code 401},
 * {@code 429} honoured for every caller, exponential backoff with jitter on {@code 5xx}, and
 * {@code invalid_client} reported once and retried at most every
 * {@link AuthSettings#invalidClientRetryInterval()}.
 */
@ManagedResource(description = "CXone OAuth token lifecycle (no secret is exposed)")
public class TokenService extends ServiceSupport implements StaticService {

    private static final Logger LOG = LoggerFactory.getLogger(TokenService.class);

    private final AuthSettings settings;
    private final Clock clock;
    private final TokenEndpointClient endpoint;
    /** One thread: the single place where token requests happen, so there is never more than one. */
    private final ExecutorService requester;
    private final Object lock = new Object();
    private final AtomicLong tokenRequests = new AtomicLong();
    private final AtomicLong forcedRenewals = new AtomicLong();

    private AccessToken current;
    private CompletableFuture<AccessToken> inFlight;
    private Instant credentialsRejectedUntil;
    private volatile String credentialsRejected;
    private volatile String lastError;

    public TokenService(AuthSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.endpoint = new TokenEndpointClient(settings, clock);
        this.requester = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "cxone-token");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** A valid token, waiting at most {@code maxWait} for one to be issued. */
    public AccessToken token(Duration maxWait) {
        try {
            return tokenAsync().get(maxWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TokenUnavailableException unavailable) {
                throw unavailable;
            }
            throw new TokenUnavailableException("token request failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new TokenUnavailableException("no token within " + maxWait + (lastError == null ? "" : ": " + lastError), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TokenUnavailableException("interrupted while waiting for a token");
        }
    }

    /** A valid token, waiting at most the configured request timeout times four (room for one retry). */
    public AccessToken token() {
        return token(settings.requestTimeout().multipliedBy(4));
    }

    /** The cached token if it is not due for renewal, else the one request in flight (started if needed). */
    public CompletableFuture<AccessToken> tokenAsync() {
        synchronized (lock) {
            Instant now = clock.instant();
            if (current != null && !current.isDueForRenewal(now)) {
                return CompletableFuture.completedFuture(current);
            }
            if (inFlight != null) {
                return inFlight;
            }
            if (credentialsRejectedUntil != null && now.isBefore(credentialsRejectedUntil)) {
                return CompletableFuture.failedFuture(new InvalidClientException(credentialsRejected));
            }
            CompletableFuture<AccessToken> request = CompletableFuture.supplyAsync(this::requestUntilIssued, requester);
            inFlight = request;
            request.whenComplete((token, failure) -> {
                synchronized (lock) {
                    inFlight = null;
                    if (token != null) {
                        current = token;
                    }
                }
            });
            return request;
        }
    }

    /**
     * Forgets {@code rejected} after an interface answered {@code 401} with it, so that the next caller gets a
     * new token. A token that was already replaced is left alone: fifty callers failing with the same old
     * token cause one renewal, not fifty.
     */
    public void invalidate(String rejected) {
        synchronized (lock) {
            if (current != null && current.value().equals(rejected)) {
                current = null;
                forcedRenewals.incrementAndGet();
                LOG.info("Token refused by an interface: renewing it");
            }
        }
    }

    /** Non-null while the token endpoint refuses our credentials; says which keys to fix. */
    public String credentialsRejected() {
        return credentialsRejected;
    }

    public boolean hasValidToken() {
        synchronized (lock) {
            return current != null && clock.instant().isBefore(current.expiresAt());
        }
    }

    @ManagedAttribute(description = "Token requests sent to the token endpoint")
    public long getTokenRequests() {
        return tokenRequests.get();
    }

    @ManagedAttribute(description = "Renewals forced by a 401 from another interface")
    public long getForcedRenewals() {
        return forcedRenewals.get();
    }

    @ManagedAttribute(description = "When the cached token expires (empty if none)")
    public String getTokenExpiresAt() {
        synchronized (lock) {
            return current == null ? "" : current.expiresAt().toString();
        }
    }

    @ManagedAttribute(description = "The last failure of the token endpoint (empty if none)")
    public String getLastError() {
        return lastError == null ? "" : lastError;
    }

    @ManagedOperation(description = "Drop the cached token so the next caller gets a new one, at once even while the credentials are rejected")
    public void renewNow() {
        synchronized (lock) {
            current = null;
            // an operator's request (the client may have been enabled again at the identity provider) is answered at
            // once; rejected again, the credentials wait out the interval as before
            credentialsRejectedUntil = null;
        }
    }

    @Override
    protected void doStart() {
        // Ask early: readiness then tells at once whether the credentials are good.
        tokenAsync();
    }

    @Override
    protected void doStop() {
        requester.shutdownNow();
    }

    private AccessToken requestUntilIssued() {
        int failures = 0;
        while (true) {
            tokenRequests.incrementAndGet();
            Attempt attempt = endpoint.request();
            if (attempt.token() != null) {
                onIssued();
                return attempt.token();
            }
            if (attempt.credentialsRejected()) {
                throw onCredentialsRejected(attempt.description());
            }
            int failuresSoFar = failures++;
            Duration wait = attempt.retryAfter().orElseGet(() -> settings.backoff().delay(failuresSoFar));
            lastError = attempt.description();
            if (failures == 1 || failures % 10 == 0) {
                LOG.warn("Token endpoint {}: retrying in {} ms (attempt {})", attempt.description(), wait.toMillis(), failures);
            } else {
                LOG.debug("Token endpoint {}: retrying in {} ms (attempt {})", attempt.description(), wait.toMillis(), failures);
            }
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TokenUnavailableException("stopped while waiting to retry the token endpoint");
            }
        }
    }

    private void onIssued() {
        lastError = null;
        synchronized (lock) {
            if (credentialsRejected != null) {
                LOG.info("Token endpoint accepts the credentials again");
            }
            credentialsRejected = null;
            credentialsRejectedUntil = null;
        }
    }

    private InvalidClientException onCredentialsRejected(String description) {
        String message = "The token endpoint rejected the CXone credentials (" + description + "): fix "
                + settings.credentialKeys() + "; next try in " + settings.invalidClientRetryInterval().toSeconds() + " s";
        synchronized (lock) {
            if (credentialsRejected == null) {
                LOG.error(message);
            } else {
                LOG.debug(message);
            }
            credentialsRejected = message;
            credentialsRejectedUntil = clock.instant().plus(settings.invalidClientRetryInterval());
        }
        lastError = description;
        return new InvalidClientException(message);
    }
}
