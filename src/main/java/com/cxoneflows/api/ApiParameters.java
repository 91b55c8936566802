package com.cxoneflows.api;

/** Reading path and query parameters strictly: anything odd is a 400 that says which parameter. */
public final class ApiParameters {

    private static final int MAX_ID_LENGTH = 18;

    private ApiParameters() {
    }

    public static long numericId(String name, String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_ID_LENGTH || !value.chars().allMatch(Character::isDigit)) {
            throw ApiException.badRequest(name + " must be a number of at most " + MAX_ID_LENGTH + " digits");
        }
        return Long.parseLong(value);
    }

    public static int limit(String value, int defaultLimit, int max) {
        if (value == null || value.isEmpty()) {
            return defaultLimit;
        }
        if (value.length() > 6 || !value.chars().allMatch(Character::isDigit)) {
            throw ApiException.badRequest("limit must be a whole number between 1 and " + max);
        }
        int limit = Integer.parseInt(value);
        if (limit < 1 || limit > max) {
            throw ApiException.badRequest("limit must be between 1 and " + max + ", was " + limit);
        }
        return limit;
    }

    /** An opaque id such as a contact id: printable, no spaces, at most 200 characters. */
    public static String opaqueId(String name, String value) {
        if (value == null || value.isEmpty() || value.length() > 200 || !value.chars().allMatch(c -> c > 32 && c < 127)) {
            throw ApiException.badRequest(name + " must be 1 to 200 printable characters without spaces");
        }
        return value;
    }

    /** A name such as a flow or stream name: letters, digits, dashes, at most 100 characters. */
    public static String name(String parameter, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (value.length() > 100 || !value.matches("[A-Za-z0-9._-]+")) {
            throw ApiException.badRequest(parameter + " must be letters, digits, '.', '_' or '-', at most 100 characters");
        }
        return value;
    }
}
