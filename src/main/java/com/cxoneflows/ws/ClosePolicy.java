package com.cxoneflows.ws;

import java.util.Locale;

/**
 * What a close code means for the session (contract §3): {@code 1008} without "rate" in its reason is a
 * policy violation that retrying will not fix, so the stream stops and says so; {@code 4001} is an expired
 * token, renewed before reconnecting at once; everything else (1000, 1001, 1006, 1011, rate limits) is retried
 * with backoff.
 */
public final class ClosePolicy {

    public enum Action { RECONNECT, RENEW_TOKEN, STOP }

    private static final ClosePolicy CONTRACT = new ClosePolicy();

    private ClosePolicy() {
    }

    /** The policy of the reference contract. */
    public static ClosePolicy contract() {
        return CONTRACT;
    }

    public Action decide(int code, String reason) {
        if (code == 4001) {
            return Action.RENEW_TOKEN;
        }
        if (code == 1008 && (reason == null || !reason.toLowerCase(Locale.ROOT).contains("rate"))) {
            return Action.STOP;
        }
        return Action.RECONNECT;
    }
}
