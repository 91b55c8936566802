package com.cxoneflows.secret;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The secret values this process knows (client secrets, access key secrets, the latest tokens),
 * so that anything leaving the process (logs, dead letters, API answers) can be scrubbed of them.
 * Redaction is the second line of defence: code must not put secrets there in the first place.
 */
public final class Secrets {

    public static final String MASK = "******";

    /** Header and field names whose values are never kept, whatever their value. */
    private static final Pattern SENSITIVE_NAME =
            Pattern.compile("(?i).*(authorization|token|secret|password|cookie|api[-_]?key|credential).*");

    private static final int MAX_TOKENS = 32;
    /** Configured secrets: kept for the life of the process. */
    private static final Set<String> CONFIGURED = new LinkedHashSet<>();
    /** Tokens: only the latest ones, since a long-running process receives a new one every renewal. */
    private static final Deque<String> TOKENS = new ArrayDeque<>();
    private static volatile List<String> snapshot = List.of();

    private Secrets() {
    }

    /**
     * Remembers a configured secret (client secret, password, a header value) for as long as the process runs;
     * values shorter than 6 characters are ignored to avoid masking ordinary words.
     */
    public static void register(String secret) {
        if (secret == null || secret.length() < 6) {
            return;
        }
        synchronized (TOKENS) {
            if (CONFIGURED.add(secret)) {
                refresh();
            }
        }
    }

    /** Remembers a token received from the token endpoint; the oldest of more than 32 is forgotten. */
    public static void registerToken(String token) {
        if (token == null || token.length() < 6) {
            return;
        }
        synchronized (TOKENS) {
            if (TOKENS.contains(token)) {
                return;
            }
            TOKENS.addFirst(token);
            while (TOKENS.size() > MAX_TOKENS) {
                TOKENS.removeLast();
            }
            refresh();
        }
    }

    private static void refresh() {
        List<String> all = new ArrayList<>(CONFIGURED);
        all.addAll(TOKENS);
        snapshot = List.copyOf(all);
    }

    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String result = text;
        for (String secret : snapshot) {
            if (result.contains(secret)) {
                result = result.replace(secret, MASK);
            }
        }
        return result;
    }

    public static boolean isSensitiveName(String name) {
        return name != null && SENSITIVE_NAME.matcher(name).matches();
    }
}
