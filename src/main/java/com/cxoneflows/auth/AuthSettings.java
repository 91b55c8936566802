package com.cxoneflows.auth;

import com.cxoneflows.http.Backoff;
import com.cxoneflows.secret.Secrets;

import java.net.URI;
import java.time.Duration;

/**
 * Everything the token lifecycle needs, validated at start so that a missing key is named.
 * {@link #toString()} never shows a secret.
 */
public record AuthSettings(
        URI tokenUrl,
        GrantType grantType,
        String clientId,
        String clientSecret,
        String scope,
        String accessKeyId,
        String accessKeySecret,
        Duration refreshBefore,
        Duration requestTimeout,
        Backoff backoff,
        Duration invalidClientRetryInterval) {

    public AuthSettings {
        require(tokenUrl != null, "cxone.auth.token-url");
        require(!isBlank(clientId), "cxone.auth.client-id");
        require(!isBlank(clientSecret), "cxone.auth.client-secret");
        if (grantType == GrantType.PASSWORD) {
            require(!isBlank(accessKeyId), "cxone.auth.access-key-id");
            require(!isBlank(accessKeySecret), "cxone.auth.access-key-secret");
        }
        Secrets.register(clientSecret);
        Secrets.register(accessKeySecret);
    }

    /** The keys an engineer has to fix when the token endpoint answers {@code invalid_client}. */
    public String credentialKeys() {
        return grantType == GrantType.PASSWORD
                ? "cxone.auth.client-id, cxone.auth.client-secret, cxone.auth.access-key-id and cxone.auth.access-key-secret"
                : "cxone.auth.client-id and cxone.auth.client-secret";
    }

    private static void require(boolean ok, String key) {
        if (!ok) {
            throw new IllegalArgumentException("CXone credentials incomplete: set " + key);
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    @Override
    public String toString() {
        return "AuthSettings[tokenUrl=" + tokenUrl + ", grantType=" + grantType.wireName() + ", clientId=" + clientId
                + ", clientSecret=" + Secrets.MASK + ", scope=" + scope + ", accessKeyId=" + accessKeyId
                + ", accessKeySecret=" + (isBlank(accessKeySecret) ? "" : Secrets.MASK)
                + ", refreshBefore=" + refreshBefore + "]";
    }
}
