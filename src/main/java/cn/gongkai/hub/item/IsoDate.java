package cn.gongkai.hub.item;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/** A calendar date as the API takes it ({@code formedAt}, the working-day calendars): {@code yyyy-MM-dd}, nothing else. */
public final class IsoDate {
    private static final Pattern SHAPE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    private IsoDate() {
    }

    /** The date, or null for anything that is not a real date in that form (2026-02-30, 2026-2-3, +2026-01-01, blank). */
    public static LocalDate parse(String s) {
        if (s == null || !SHAPE.matcher(s).matches()) {
            return null;
        }
        try {
            return LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
