package com.cxoneflows.contact;

/** Orders stream event ids: zero-padded decimals by value (so padding never matters), anything else as text. */
public final class EventIds {

    private EventIds() {
    }

    public static int compare(String a, String b) {
        if (a.length() == b.length()) {
            // decimals of one length order as their text does, leading zeros included: no need to look for digits
            return a.compareTo(b);
        }
        if (isDecimal(a) && isDecimal(b)) {
            // by value without copying (this runs several times an event): length without leading zeros, then digits
            int x = leadingZeros(a);
            int y = leadingZeros(b);
            int length = Integer.compare(a.length() - x, b.length() - y);
            if (length != 0) {
                return length;
            }
            for (int i = x, j = y; i < a.length(); i++, j++) {
                if (a.charAt(i) != b.charAt(j)) {
                    return Character.compare(a.charAt(i), b.charAt(j));
                }
            }
            return 0;
        }
        return a.compareTo(b);
    }

    /**
     * True when {@code id} is at or below {@code mark}. A null or empty mark marks nothing; a null or empty id has no
     * place in the stream (an empty {@code id:} resets the last event id), so it is below nothing: the event it came
     * with is judged on its own (and refused as malformed), not taken for one given again.
     */
    public static boolean atOrBelow(String id, String mark) {
        return mark != null && !mark.isEmpty() && id != null && !id.isEmpty() && compare(id, mark) <= 0;
    }

    /** True when {@code id} has a place in the stream after {@code mark}: the stream's high-water mark moves to it. */
    public static boolean after(String id, String mark) {
        return id != null && !id.isEmpty() && !atOrBelow(id, mark);
    }

    private static boolean isDecimal(String id) {
        if (id.isEmpty()) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** Leading zeros, keeping the last digit ("000" has two). */
    private static int leadingZeros(String id) {
        int start = 0;
        while (start < id.length() - 1 && id.charAt(start) == '0') {
            start++;
        }
        return start;
    }
}
