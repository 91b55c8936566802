package com.cxoneflows.secret;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
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

    private static final int MAX_REMEMBERED = 32;
    private static final Deque<String> KNOWN = new ArrayDeque<>();
    private static volatile List<String> snapshot = List.of();

    private Secrets() {
    }

    /** Remembers a value to scrub; values shorter than 6 characters are ignored to avoid masking ordinary words. */
    public static void register(String secret) {
        if (secret == null || secret.length() < 6) {
            return;
        }
        synchronized (KNOWN) {
            if (KNOWN.contains(secret)) {
                return;
            }
            KNOWN.addFirst(secret);
            while (KNOWN.size() > MAX_REMEMBERED) {
                KNOWN.removeLast();
            }
            snapshot = List.copyOf(KNOWN);
        }
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
