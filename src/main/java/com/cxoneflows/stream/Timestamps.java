package com.cxoneflows.stream;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * Timestamps in the contract's form, {@code 2026-11-22T14:28:03.843Z} (UTC, three digits of milliseconds): written
 * by {@link #format}, events' own normalised by {@link #utc}, read by {@link #epochMillis} for the flows' latency
 * meters. That form is read by hand: {@link Instant#parse} cost a sixth of the stream thread's time in a profile.
 */
public final class Timestamps {

    private static final long MILLIS_PER_DAY = 86_400_000L;
    private static final DateTimeFormatter UTC_MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private Timestamps() {
    }

    /** The instant in the contract's form (below the millisecond cut off, never left out when zero). */
    public static String format(Instant instant) {
        return UTC_MILLIS.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }

    /**
     * An event's timestamp in the contract's form: the text itself if it is in that form already, else the instant
     * it names (an ISO-8601 date-time with any offset, any fraction); null and text that names no instant as given.
     */
    public static String utc(String text) {
        if (text == null || text.length() == 24 && text.charAt(19) == '.' && canonical(text) >= 0) {
            return text;
        }
        try {
            return format(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeException notATimestampOrOutOfRange) {
            return text;
        }
    }

    /** Milliseconds since the epoch, or -1 if {@code text} is not an instant. */
    public static long epochMillis(String text) {
        long fast = canonical(text);
        if (fast >= 0) {
            return fast;
        }
        try {
            return Instant.parse(text).toEpochMilli();
        } catch (DateTimeParseException notATimestamp) {
            return -1;
        }
    }

    /** {@code uuuu-MM-ddTHH:mm:ss[.fraction]Z} after 1970; -1 for anything else. */
    private static long canonical(String text) {
        int length = text.length();
        if (length < 20 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T' || text.charAt(13) != ':'
                || text.charAt(16) != ':' || text.charAt(length - 1) != 'Z') {
            return -1;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        int millis = 0;
        if (length > 20) {
            if (text.charAt(19) != '.' || length == 21) {
                return -1;
            }
            int fraction = Math.min(length - 21, 3);
            millis = digits(text, 20, fraction);
            for (int i = fraction; i < 3; i++) {
                millis *= 10;
            }
            if (digits(text, 20, length - 21) < 0) {
                return -1;
            }
        } else if (text.charAt(19) != 'Z') {
            return -1;
        }
        if (year < 1970 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0
                || second > 59 || millis < 0) {
            return -1;
        }
        try {
            return LocalDate.of(year, month, day).toEpochDay() * MILLIS_PER_DAY + hour * 3_600_000L + minute * 60_000L
                    + second * 1_000L + millis;
        } catch (DateTimeException noSuchDay) {
            return -1;
        }
    }

    /** The decimal number of {@code count} characters at {@code from}, or -1 if one is not a digit. */
    private static int digits(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
