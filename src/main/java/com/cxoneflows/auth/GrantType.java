package com.cxoneflows.auth;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The two OAuth grants of the reference contract §1. */
public enum GrantType {
    /** Client id and secret in the form body. */
    CLIENT_CREDENTIALS("client_credentials"),
    /** CXone access keys: Basic client id/secret, access key id and secret as username and password. */
    PASSWORD("password");

    private final String wireName;

    GrantType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static GrantType fromWireName(String value) {
        for (GrantType type : values()) {
            if (type.wireName.equals(value)) {
                return type;
            }
        }
        throw new IllegalArgumentException("cxone.auth.grant-type must be one of "
                + Arrays.stream(values()).map(GrantType::wireName).collect(Collectors.joining(", "))
                + ", was '" + value + "'");
    }
}
