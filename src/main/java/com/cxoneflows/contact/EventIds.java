package com.cxoneflows.contact;

/** Orders stream event ids: zero-padded decimals by value (so padding never matters), anything else as text. */
public final class EventIds {

    private EventIds() {
    }

    public static int compare(String a, String b) {
        if (isDecimal(a) && isDecimal(b)) {
            String x = stripZeros(a);
            String y = stripZeros(b);
            return x.length() != y.length() ? Integer.compare(x.length(), y.length()) : x.compareTo(y);
        }
        return a.compareTo(b);
    }

    /** True when {@code id} is at or below {@code mark} (null marks nothing). */
    public static boolean atOrBelow(String id, String mark) {
        return mark != null && !mark.isEmpty() && id != null && compare(id, mark) <= 0;
    }

    private static boolean isDecimal(String id) {
        return !id.isEmpty() && id.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static String stripZeros(String id) {
        int start = 0;
        while (start < id.length() - 1 && id.charAt(start) == '0') {
            start++;
        }
        return id.substring(start);
    }
}
