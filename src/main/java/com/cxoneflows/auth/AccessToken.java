package com.cxoneflows.auth;

import com.cxoneflows.secret.Secrets;

import java.time.Duration;
import java.time.Instant;

/**
 * A bearer token and when it stops being good. The value never appears in {@link #toString()}.
 *
 * @param renewAt the moment from which a caller gets a new token instead of this one:
 *                {@code min(refresh-before, half the lifetime)} before expiry (contract §1)
 */
public record AccessToken(String value, Instant issuedAt, Instant expiresAt, Instant renewAt) {

    static AccessToken issued(String value, Instant issuedAt, Duration lifetime, Duration refreshBefore) {
        Duration margin = refreshBefore.compareTo(lifetime.dividedBy(2)) < 0 ? refreshBefore : lifetime.dividedBy(2);
        return new AccessToken(value, issuedAt, issuedAt.plus(lifetime), issuedAt.plus(lifetime).minus(margin));
    }

    public boolean isDueForRenewal(Instant now) {
        return !now.isBefore(renewAt);
    }

    public String authorizationHeader() {
        return "Bearer " + value;
    }

    @Override
    public String toString() {
        return "AccessToken[value=" + Secrets.MASK + ", expiresAt=" + expiresAt + ", renewAt=" + renewAt + "]";
    }
}
