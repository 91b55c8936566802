package com.cxoneflows.settings;

import java.util.List;
import java.util.Optional;

/**
 * Every setting to fix, found at start, one line each. It carries no stack trace: where the check ran says
 * nothing to the engineer who has to edit application.properties.
 */
public class SettingsException extends RuntimeException {

    public SettingsException(List<String> problems) {
        super(message(problems), null, false, false);
    }

    /** The first {@code SettingsException} in the cause chain of {@code failure}, if any. */
    public static Optional<SettingsException> in(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SettingsException settings) {
                return Optional.of(settings);
            }
        }
        return Optional.empty();
    }

    private static String message(List<String> problems) {
        return problems.size() + (problems.size() == 1 ? " setting" : " settings") + " to fix before cxone-flows can start:"
                + System.lineSeparator() + String.join(System.lineSeparator(), problems.stream().map(line -> "  " + line).toList());
    }
}
