package cn.gongkai.hub.channel;

import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * A daily window in which normal-urgency messages of a channel are held ({@code 21:00-08:00}, local time of the hub's
 * zone; a window may cross midnight).
 */
public record QuietHours(LocalTime from, LocalTime to) {
    public static final String PATTERN = "none|([01][0-9]|2[0-3]):[0-5][0-9]-([01][0-9]|2[0-3]):[0-5][0-9]";

    public static Optional<QuietHours> parse(String text) {
        String t = text == null ? "none" : text.strip();
        if (t.equals("none")) {
            return Optional.empty();
        }
        if (!t.matches(PATTERN)) {
            throw new IllegalArgumentException("'" + text + "' is not a window such as 21:00-08:00, or none");
        }
        LocalTime from = LocalTime.parse(t.substring(0, 5));
        LocalTime to = LocalTime.parse(t.substring(6));
        if (from.equals(to)) {
            throw new IllegalArgumentException("'" + text + "' is an empty window");
        }
        return Optional.of(new QuietHours(from, to));
    }

    /** When the window that holds {@code now} ends, or empty when {@code now} is outside it. */
    public Optional<ZonedDateTime> endIfInside(ZonedDateTime now) {
        LocalTime t = now.toLocalTime();
        boolean inside = from.isBefore(to) ? !t.isBefore(from) && t.isBefore(to) : !t.isBefore(from) || t.isBefore(to);
        if (!inside) {
            return Optional.empty();
        }
        ZonedDateTime end = now.with(to).withSecond(0).withNano(0);
        if (!end.isAfter(now)) {
            end = end.plusDays(1);
        }
        return Optional.of(end);
    }

    @Override
    public String toString() {
        return from + "-" + to;
    }
}
