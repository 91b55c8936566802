package com.cxoneflows.settings;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.util.TimeUtils;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Typed reads of the product's properties (file, environment, {@code -D}). Every default is in
 * {@code application.properties}: a key that is missing or cannot be read is recorded as a problem that names
 * it and says what to do, and the read goes on with a neutral value, so that one start reports every problem
 * at once ({@link #check()}). Whoever reads builds nothing while {@link #hasProblems()}.
 */
public final class Settings {

    private final PropertiesComponent properties;
    private final List<String> problems;
    private final Set<String> keysWithProblems;
    private final String orDisable;

    private Settings(PropertiesComponent properties) {
        this(properties, new ArrayList<>(), new LinkedHashSet<>(), "");
    }

    private Settings(PropertiesComponent properties, List<String> problems, Set<String> keysWithProblems, String orDisable) {
        this.properties = properties;
        this.problems = problems;
        this.keysWithProblems = keysWithProblems;
        this.orDisable = orDisable;
    }

    /** The context's one instance, so that the foundation, every flow and the final check share their problems. */
    public static Settings of(CamelContext camelContext) {
        Settings settings = camelContext.getRegistry().findSingleByType(Settings.class);
        if (settings == null) {
            settings = new Settings(camelContext.getPropertiesComponent());
            camelContext.getRegistry().bind("settings", settings);
        }
        return settings;
    }

    /**
     * The same reads for a flow that runs only when {@code enabledKey} is true: while it runs, a key it lacks
     * comes with the offer to switch it off.
     */
    public Settings forFlow(String enabledKey) {
        String advice = bool(enabledKey) ? ", or disable the flow with " + enabledKey + "=false" : "";
        return new Settings(properties, problems, keysWithProblems, advice);
    }

    public Optional<String> optional(String key) {
        return properties.resolveProperty(key).map(String::trim).filter(value -> !value.isEmpty());
    }

    /** Records a problem when {@code key} is not set: for a key that only the routes read. */
    public void require(String key) {
        string(key);
    }

    public String string(String key) {
        return read(key, "", value -> value);
    }

    public boolean bool(String key) {
        return read(key, false, value -> switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("must be true or false, was '" + value + "'");
        });
    }

    public int integer(String key) {
        return read(key, 0, value -> wholeNumber(value));
    }

    public double decimal(String key) {
        return read(key, 0.0, value -> {
            try {
                return Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("must be a number such as 0.95, was '" + value + "'");
            }
        });
    }

    /** Comma-separated whole numbers, e.g. HTTP statuses. */
    public Set<Integer> integers(String key) {
        return read(key, Set.of(), value -> Set.copyOf(Arrays.stream(value.split(",")).map(String::trim)
                .filter(number -> !number.isEmpty()).map(Settings::wholeNumber).toList()));
    }

    /** A duration such as {@code 30s}, {@code 5m}, {@code 1h30m} or plain milliseconds. */
    public Duration duration(String key) {
        return read(key, Duration.ZERO, value -> {
            Duration duration;
            try {
                duration = TimeUtils.toDuration(value);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("must be a duration such as 30s, 5m or 250ms, was '" + value + "'");
            }
            if (duration.isNegative()) {
                throw new IllegalArgumentException("must not be negative, was '" + value + "'");
            }
            return duration;
        });
    }

    /**
     * The value as {@code parse} reads it, given the key to name in its messages; an {@link IllegalArgumentException}
     * of it is the problem (null then).
     */
    public <T> T parsed(String key, BiFunction<String, String, T> parse) {
        return read(key, null, value -> parse.apply(key, value));
    }

    /**
     * What {@code build} returns, or null with its {@link IllegalArgumentException} as a problem: for the checks
     * of a settings record or of a bean's constructor. A message that names none of {@code keys} gets them in front.
     * Nothing is recorded for a key already reported: the neutral value it was read as is what failed the check.
     */
    public <T> T validated(Supplier<T> build, String... keys) {
        try {
            return build.get();
        } catch (IllegalArgumentException invalid) {
            String message = invalid.getMessage();
            boolean causedByAReportedKey = Arrays.stream(keys).anyMatch(keysWithProblems::contains)
                    || keysWithProblems.stream().anyMatch(message::contains);
            if (!causedByAReportedKey) {
                boolean namesItsKey = keys.length == 0 || Arrays.stream(keys).anyMatch(message::contains);
                problems.add(namesItsKey ? message : String.join(", ", keys) + ": " + message);
                keysWithProblems.addAll(Arrays.asList(keys));
            }
            return null;
        }
    }

    /** Records that {@code key}, e.g. one needed only in some set-ups, is not set; {@code whatToDo} completes the line. */
    public void missing(String key, String whatToDo) {
        report(key, key + ": not set: " + whatToDo + orDisable);
    }

    /** Records a problem with the value of {@code key}; {@code whatIsWrong} completes the line. */
    public void problem(String key, String whatIsWrong) {
        report(key, key + ": " + whatIsWrong);
    }

    public boolean hasProblems() {
        return !problems.isEmpty();
    }

    /** Fails with every problem recorded so far. */
    public void check() {
        if (hasProblems()) {
            throw new SettingsException(problems);
        }
    }

    private <T> T read(String key, T neutral, Function<String, T> parse) {
        Optional<String> value = optional(key);
        if (value.isEmpty()) {
            missing(key, "add it to application.properties" + orEnvironment(key));
            return neutral;
        }
        try {
            return parse.apply(value.get());
        } catch (IllegalArgumentException invalid) {
            String message = invalid.getMessage();
            report(key, message.contains(key) ? message : key + ": " + message);
            return neutral;
        }
    }

    /** One line per key: a key read twice is reported once. */
    private void report(String key, String line) {
        if (keysWithProblems.add(key)) {
            problems.add(line);
        }
    }

    /** The variable that overrides {@code key} (CXONE_AUTH_CLIENT_ID); Camel ignores those ending in _PORT. */
    private static String orEnvironment(String key) {
        String variable = key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
        return variable.endsWith("_PORT") ? ", or pass -D" + key + "=…" : ", or set " + variable;
    }

    private static int wholeNumber(String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be a whole number, was '" + value + "'");
        }
    }
}
