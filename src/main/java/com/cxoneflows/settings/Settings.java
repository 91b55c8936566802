package com.cxoneflows.settings;

import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.util.TimeUtils;

import java.time.Duration;
import java.util.Optional;

/**
 * Typed reads of the product's properties (file, environment, {@code -D}), failing with the key's
 * name when a value cannot be read.
 */
public final class Settings {

    private final PropertiesComponent properties;

    public Settings(PropertiesComponent properties) {
        this.properties = properties;
    }

    public Optional<String> optional(String key) {
        return properties.resolveProperty(key).map(String::trim).filter(value -> !value.isEmpty());
    }

    public String string(String key, String defaultValue) {
        return optional(key).orElse(defaultValue);
    }

    public String required(String key) {
        return optional(key).orElseThrow(() -> new IllegalArgumentException("set " + key));
    }

    public boolean bool(String key, boolean defaultValue) {
        return optional(key).map(value -> switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(key + " must be true or false, was '" + value + "'");
        }).orElse(defaultValue);
    }

    public int integer(String key, int defaultValue) {
        return optional(key).map(value -> {
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " must be a whole number, was '" + value + "'");
            }
        }).orElse(defaultValue);
    }

    /** A duration such as {@code 30s}, {@code 5m}, {@code 1h30m} or plain milliseconds. */
    public Duration duration(String key, Duration defaultValue) {
        return optional(key).map(value -> {
            try {
                Duration duration = TimeUtils.toDuration(value);
                if (duration.isNegative()) {
                    throw new IllegalArgumentException(key + " must not be negative, was '" + value + "'");
                }
                return duration;
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(key + " must be a duration such as 30s, 5m or 250ms, was '" + value + "'");
            }
        }).orElse(defaultValue);
    }
}
