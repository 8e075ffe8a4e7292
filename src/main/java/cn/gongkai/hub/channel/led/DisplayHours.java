package cn.gongkai.hub.channel.led;

import java.time.LocalTime;

/**
 * When a screen shows anything: a daily window in the hub's zone, {@code 08:00-18:00}; it may cross midnight
 * ({@code 18:00-02:00}); {@code 00:00-24:00} is all day.
 */
public record DisplayHours(LocalTime from, LocalTime to, boolean allDay) {
    public static final String ALL_DAY = "00:00-24:00";
    public static final String PATTERN = "([01][0-9]|2[0-3]):[0-5][0-9]-(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)";

    public static DisplayHours parse(String text) {
        String t = text == null ? ALL_DAY : text.strip();
        if (!t.matches(PATTERN)) {
            throw new IllegalArgumentException("'" + text + "' is not a window such as 08:00-18:00");
        }
        LocalTime from = LocalTime.parse(t.substring(0, 5));
        String end = t.substring(6);
        if (end.equals("24:00")) {
            return new DisplayHours(from, LocalTime.MIDNIGHT, from.equals(LocalTime.MIDNIGHT));
        }
        LocalTime to = LocalTime.parse(end);
        if (from.equals(to)) {
            throw new IllegalArgumentException("'" + text + "' is an empty window (00:00-24:00 is all day)");
        }
        return new DisplayHours(from, to, false);
    }

    /** Whether the screen shows anything at {@code t}: from inclusive, to exclusive. */
    public boolean contains(LocalTime t) {
        if (allDay) {
            return true;
        }
        if (to.equals(LocalTime.MIDNIGHT)) {
            return !t.isBefore(from);
        }
        return from.isBefore(to) ? !t.isBefore(from) && t.isBefore(to) : !t.isBefore(from) || t.isBefore(to);
    }
}
