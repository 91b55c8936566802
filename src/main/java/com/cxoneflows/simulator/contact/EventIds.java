package com.cxoneflows.simulator.contact;

import java.util.OptionalLong;

/** Event ids as the contract settles them: 15-digit zero-padded decimals, so that they also sort as text. */
final class EventIds {

    private static final String ZEROS = "000000000000000";

    private EventIds() {
    }

    static String format(long id) {
        String digits = Long.toString(id);
        return digits.length() >= ZEROS.length() ? digits : ZEROS.substring(digits.length()) + digits;
    }

    /** The numeric value of an id sent back as {@code Last-Event-ID}; empty when it is not one of ours. */
    static OptionalLong parse(String text) {
        if (text == null || text.isEmpty() || text.length() > 18) {
            return OptionalLong.empty();
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return OptionalLong.empty();
            }
        }
        return OptionalLong.of(Long.parseLong(text));
    }
}
