package cn.gongkai.hub.review.scan;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * How a finding affects the review gate: {@code BLOCK} stops publication until a reviewer removes the content or
 * waives the finding by its id; {@code WARN} is shown to the reviewer and does not stop anything.
 * Serialised as {@code "block"} / {@code "warn"}.
 */
public enum Severity {
    BLOCK,
    WARN;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Severity of(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }

}
