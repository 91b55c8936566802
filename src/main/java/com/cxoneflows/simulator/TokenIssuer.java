package com.cxoneflows.simulator;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The simulator's tokens: random values, each with a serial ({@code tok-1}, …) that is safe to show. */
public final class TokenIssuer {

    private record Issued(String serial, Instant expiresAt) {
    }

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final AtomicInteger serials = new AtomicInteger();
    private final Map<String, Issued> byValue = new ConcurrentHashMap<>();
    private volatile Duration lifetime;

    public TokenIssuer(Clock clock, Duration lifetime) {
        this.clock = clock;
        this.lifetime = lifetime;
    }

    public String issue() {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String value = "simtok_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        byValue.put(value, new Issued("tok-" + serials.incrementAndGet(), clock.instant().plus(lifetime)));
        return value;
    }

    public Duration lifetime() {
        return lifetime;
    }

    public void setLifetime(Duration lifetime) {
        this.lifetime = lifetime;
    }

    /** The serial of a token that is known and not expired. */
    public Optional<String> validSerial(String value) {
        Issued issued = value == null ? null : byValue.get(value);
        if (issued == null || !clock.instant().isBefore(issued.expiresAt())) {
            return Optional.empty();
        }
        return Optional.of(issued.serial());
    }

    /** The serial of any token ever issued, valid or not, for the request log. */
    public String serialOf(String value) {
        Issued issued = value == null ? null : byValue.get(value);
        return issued == null ? (value == null ? null : "unknown") : issued.serial();
    }

    /** Every token issued so far stops working, as if they had all expired. */
    public void revokeAll() {
        byValue.replaceAll((value, issued) -> new Issued(issued.serial(), Instant.EPOCH));
    }

    /** {@code value} stops working at once, as if it had expired (the contact stream's token-expiry fault). */
    public void revoke(String value) {
        byValue.computeIfPresent(value, (token, issued) -> new Issued(issued.serial(), Instant.EPOCH));
    }

    /** When {@code value} expires, if it is ours. */
    public Optional<Instant> expiresAt(String value) {
        return Optional.ofNullable(byValue.get(value)).map(Issued::expiresAt);
    }
}
