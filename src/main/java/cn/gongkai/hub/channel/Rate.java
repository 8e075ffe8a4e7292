package cn.gongkai.hub.channel;

import java.time.Duration;
import java.util.Optional;

/** A rate limit as written in a channel file: {@code 100/s}, {@code 600/min}, {@code 5000/h}, or {@code none}. */
public record Rate(long count, Duration per) {
    public static final String PATTERN = "none|[1-9][0-9]{0,8}/(s|min|h)";

    public static Optional<Rate> parse(String text) {
        String t = text == null ? "none" : text.strip();
        if (t.equals("none")) {
            return Optional.empty();
        }
        if (!t.matches(PATTERN)) {
            throw new IllegalArgumentException("'" + text + "' is not a rate such as 100/s, 600/min, 5000/h, or none");
        }
        int slash = t.indexOf('/');
        long n = Long.parseLong(t.substring(0, slash));
        Duration per = switch (t.substring(slash + 1)) {
            case "s" -> Duration.ofSeconds(1);
            case "min" -> Duration.ofMinutes(1);
            default -> Duration.ofHours(1);
        };
        return Optional.of(new Rate(n, per));
    }

    /** Time between two messages at this rate, in microseconds (at least 1). */
    public long intervalMicros() {
        return Math.max(1, per.toNanos() / 1000 / count);
    }

    @Override
    public String toString() {
        return count + "/" + (per.equals(Duration.ofSeconds(1)) ? "s" : per.equals(Duration.ofMinutes(1)) ? "min" : "h");
    }
}
