package com.cxoneflows.presence;

import java.util.Set;

/**
 * What applying one update did: the user as it is now and the fields that changed; {@code user} is null when the
 * update was not applied (stale, outside the filter, malformed).
 */
public record PresenceChange(UserPresence user, Set<String> changed) {

    static final PresenceChange NONE = new PresenceChange(null, Set.of());

    public boolean applied() {
        return user != null;
    }
}
