package com.cxoneflows.deadletter;

import org.apache.camel.RuntimeCamelException;
import org.apache.camel.http.base.HttpOperationFailedException;

/** Reads what matters out of a failure's cause chain. */
public final class Failures {

    private Failures() {
    }

    public static HttpOperationFailedException httpFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof HttpOperationFailedException http) {
                return http;
            }
        }
        return null;
    }

    /** True if the failure is a message the flow cannot read: retrying it changes nothing. */
    public static boolean isBadInput(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof IllegalArgumentException) {
                return true;
            }
        }
        return false;
    }

    /** The failure itself, without the wrappers Camel adds around it (e.g. a circuit breaker's). */
    public static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof RuntimeCamelException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    public static Integer httpStatus(Throwable failure) {
        HttpOperationFailedException http = httpFailure(failure);
        return http == null ? null : http.getStatusCode();
    }

    /** One line that says what went wrong, without a stack trace. */
    public static String describe(Throwable failure) {
        if (failure == null) {
            return "failed without an exception";
        }
        HttpOperationFailedException http = httpFailure(failure);
        if (http != null) {
            return "HTTP " + http.getStatusCode() + " from " + stripQuery(http.getUri());
        }
        String message = failure.getMessage();
        return failure.getClass().getSimpleName() + (message == null ? "" : ": " + message.lines().findFirst().orElse(""));
    }

    private static String stripQuery(String uri) {
        if (uri == null) {
            return "";
        }
        int query = uri.indexOf('?');
        return query < 0 ? uri : uri.substring(0, query);
    }
}
