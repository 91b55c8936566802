package com.cxoneflows.presence;

import com.cxoneflows.settings.Settings;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The presence-dashboard's settings, read and checked at start; a bad value names its key. Every default is in
 * application.properties.
 *
 * @param userIds      the users on the dashboard, lower case; empty for every user of the tenant
 * @param fields       the fields the dashboard shows: only a change to one of them goes to the browsers
 * @param coalesce     how long a user's changes are gathered before the browsers get the latest
 * @param replayEvents feed events kept for browsers that reconnect with {@code Last-Event-ID}
 * @param clientQueue  feed events waiting for one browser before it gets a fresh snapshot instead
 * @param keepAlive    a browser that got nothing this long gets a {@code : keep-alive} comment
 * @param maxBrowsers  browsers connected to the feed at once; more get 503
 */
public record PresenceSettings(Set<String> userIds, List<String> fields, Duration coalesce, int replayEvents,
                               int clientQueue, Duration keepAlive, int maxBrowsers) {

    private static final Pattern FIELD = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");
    /** The fields every row carries, shown or not, and that no update may set. */
    private static final Set<String> RESERVED = Set.of("userId", "sequence", "updatedAt", "timestamp");

    public PresenceSettings {
        userIds = Set.copyOf(userIds);
        fields = List.copyOf(fields);
        within("cxone.presence.coalesce", coalesce, Duration.ofMillis(10), Duration.ofSeconds(10));
        within("cxone.presence.keep-alive", keepAlive, Duration.ofSeconds(1), Duration.ofMinutes(10));
        atLeastOne("cxone.presence.replay-events", replayEvents);
        atLeastOne("cxone.presence.client-queue", clientQueue);
        atLeastOne("cxone.presence.max-browsers", maxBrowsers);
    }

    /** The settings, or null when a key is missing or wrong: then {@code settings} holds the problems. */
    public static PresenceSettings read(Settings settings) {
        Set<String> userIds = settings.validated(() -> userIds(settings.optional("cxone.presence.user-ids").orElse("")),
                "cxone.presence.user-ids");
        List<String> fields = settings.parsed("cxone.presence.fields", (key, value) -> fields(value));
        Duration coalesce = settings.duration("cxone.presence.coalesce");
        int replayEvents = settings.integer("cxone.presence.replay-events");
        int clientQueue = settings.integer("cxone.presence.client-queue");
        Duration keepAlive = settings.duration("cxone.presence.keep-alive");
        int maxBrowsers = settings.integer("cxone.presence.max-browsers");
        if (settings.hasProblems()) {
            return null;
        }
        return settings.validated(() -> new PresenceSettings(userIds, fields, coalesce, replayEvents, clientQueue, keepAlive,
                maxBrowsers));
    }

    /** Whether an update of this user belongs on the dashboard. */
    public boolean follows(String userId) {
        return userIds.isEmpty() || userIds.contains(userId);
    }

    static Set<String> userIds(String csv) {
        Set<String> ids = new LinkedHashSet<>();
        for (String id : csv.split(",")) {
            String trimmed = id.trim().toLowerCase(Locale.ROOT);
            if (trimmed.isEmpty()) {
                continue;
            }
            try {
                if (!UUID.fromString(trimmed).toString().equals(trimmed)) {
                    throw new IllegalArgumentException(trimmed);
                }
            } catch (IllegalArgumentException notUuid) {
                throw new IllegalArgumentException("cxone.presence.user-ids must be UUIDs, comma-separated; '" + clip(trimmed)
                        + "' is not one");
            }
            ids.add(trimmed);
        }
        return ids;
    }

    static List<String> fields(String csv) {
        List<String> fields = Arrays.stream(csv.split(",")).map(String::trim).filter(field -> !field.isEmpty()).distinct().toList();
        for (String field : fields) {
            if (!FIELD.matcher(field).matches() || RESERVED.contains(field)) {
                throw new IllegalArgumentException("cxone.presence.fields must name payload fields such as status,queueName,"
                        + "wrapUpCode; '" + clip(field) + "' is not one");
            }
        }
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("cxone.presence.fields must name at least one field");
        }
        return fields;
    }

    private static void within(String key, Duration value, Duration min, Duration max) {
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(key + " must be from " + min.toMillis() + " ms to " + max.toMillis()
                    + " ms, was " + value.toMillis() + " ms");
        }
    }

    private static void atLeastOne(String key, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(key + " must be at least 1, was " + value);
        }
    }

    private static String clip(String text) {
        return text.length() <= 60 ? text : text.substring(0, 60) + "…";
    }
}
