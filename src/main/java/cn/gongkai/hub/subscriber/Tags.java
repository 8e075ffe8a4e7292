package cn.gongkai.hub.subscriber;

import java.util.List;
import java.util.Optional;

/** Tags are {@code 维度:值}: a configured dimension, a colon (a full-width ： is read as one), a value of 1–50 characters. */
public final class Tags {
    public static final int MAX_VALUE = 50;

    private Tags() {
    }

    /** The tag as stored: trimmed around the colon, the full-width colon made ASCII. */
    public static String normalize(String tag) {
        if (tag == null) {
            return null;
        }
        String t = tag.strip().replace('：', ':');
        int colon = t.indexOf(':');
        return colon < 0 ? t : t.substring(0, colon).strip() + ":" + t.substring(colon + 1).strip();
    }

    /** What is wrong with a (normalised) tag, or empty. */
    public static Optional<String> problem(String tag, List<String> dimensions) {
        if (tag == null || tag.isBlank()) {
            return Optional.of("a tag must not be blank");
        }
        int colon = tag.indexOf(':');
        if (colon <= 0) {
            return Optional.of("tag '" + tag + "' is not 维度:值 (e.g. 区域:崇川区)");
        }
        String dim = tag.substring(0, colon);
        String value = tag.substring(colon + 1);
        if (!dimensions.contains(dim)) {
            return Optional.of("unknown tag dimension '" + dim + "'; configured: " + String.join(", ", dimensions));
        }
        if (value.isBlank()) {
            return Optional.of("tag '" + tag + "' has no value after the colon");
        }
        if (value.codePointCount(0, value.length()) > MAX_VALUE) {
            return Optional.of("tag '" + tag + "': the value is longer than " + MAX_VALUE + " characters");
        }
        if (value.chars().anyMatch(c -> Character.isISOControl(c))) {
            return Optional.of("tag '" + tag + "' holds a control character");
        }
        return Optional.empty();
    }
}
