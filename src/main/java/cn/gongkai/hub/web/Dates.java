package cn.gongkai.hub.web;

import cn.gongkai.hub.HubException;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/** The {@code from}/{@code to} query values of the record listings (review record, audit log). */
final class Dates {
    static final int FIRST_YEAR = 2000;
    static final int LAST_YEAR = 9999;

    private Dates() {
    }

    /**
     * Accepts 2026-11-22 (the whole day in {@code zone}: its start, or with {@code endOfDay} its last millisecond)
     * or a date-time with offset, in the years 2000 to 9999: the records start long after 2000, and far dates would
     * not fit the millisecond stream ids they are kept under. Null for an absent value.
     */
    static Instant parse(String s, String field, boolean endOfDay, ZoneId zone) {
        if (s == null || s.isBlank()) {
            return null;
        }
        int year;
        Instant at;
        try {
            if (s.length() == 10) {
                LocalDate d = LocalDate.parse(s);
                year = d.getYear();
                at = year < FIRST_YEAR || year > LAST_YEAR ? null
                        : (endOfDay ? d.plusDays(1) : d).atStartOfDay(zone).toInstant().minusMillis(endOfDay ? 1 : 0);
            } else {
                OffsetDateTime t = OffsetDateTime.parse(s);
                year = t.getYear();
                at = year < FIRST_YEAR || year > LAST_YEAR ? null : t.toInstant();
            }
        } catch (DateTimeParseException e) {
            throw HubException.invalid(field, "must be a date (2026-11-22) or a date-time with offset (2026-11-22T09:00:00+08:00)");
        }
        if (at == null) {
            throw HubException.invalid(field, "must be between the years " + FIRST_YEAR + " and " + LAST_YEAR + ", got " + year);
        }
        return at;
    }
}
