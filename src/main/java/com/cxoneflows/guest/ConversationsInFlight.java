package com.cxoneflows.guest;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Conversations this process is routing now: from the inbox write (or a re-drive) until their exchange is
 * done, routed, dead-lettered or failed. The periodic re-drive leaves them alone.
 */
public final class ConversationsInFlight {

    private final Set<String> ids = ConcurrentHashMap.newKeySet();

    /** True if it was not in flight and now is. */
    boolean start(String conversationId) {
        return ids.add(conversationId);
    }

    void done(String conversationId) {
        ids.remove(conversationId);
    }

    int count() {
        return ids.size();
    }
}
