package cn.gongkai.hub.deadline;

import java.time.Instant;
import java.util.Optional;

/**
 * Where the working-day calendars an ADMIN entered ({@code PUT /api/calendar/{year}}) are kept, one per year. A year
 * without one falls back to the calendar shipped with the hub ({@link ShippedCalendars}).
 */
public interface CalendarStore {

    Optional<Entered> find(int year);

    /** Replaces the year's calendar as a whole. */
    void save(Entered calendar);

    /** A year's calendar with who entered it and when. */
    record Entered(YearCalendar calendar, String by, Instant at) {
    }
}
