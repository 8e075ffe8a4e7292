package cn.gongkai.hub.deadline;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;

/**
 * Working days by the official calendar: Saturdays and Sundays are days off, public holidays are days off, and the
 * make-up working days (调休上班) are working days although they fall on a weekend. A year it holds no calendar for
 * counts weekends only.
 *
 * <p>Deadlines follow 《政府信息公开条例》第二十六条: information is published within 20 working days of the day it was
 * formed or changed. That day is day 0 (the first day is not counted, as with every period in days under Chinese law),
 * whether it is a working day or not; the first working day after it is day 1.
 */
public final class WorkCalendar {
    /** 条例第二十六条: 20 个工作日. */
    public static final int STATUTORY_WORKING_DAYS = 20;

    private final Map<Integer, YearCalendar> years;

    public WorkCalendar(Map<Integer, YearCalendar> years) {
        this.years = new TreeMap<>(years);
    }

    public static WorkCalendar weekendsOnly() {
        return new WorkCalendar(Map.of());
    }

    public boolean isWorkingDay(LocalDate day) {
        YearCalendar y = years.get(day.getYear());
        if (y != null && y.workdays().contains(day)) {
            return true;
        }
        if (y != null && y.holidays().contains(day)) {
            return false;
        }
        DayOfWeek w = day.getDayOfWeek();
        return w != DayOfWeek.SATURDAY && w != DayOfWeek.SUNDAY;
    }

    /** The 20th working day after {@code formedAt}: the last day the information may be published on time. */
    public LocalDate dueDate(LocalDate formedAt) {
        return plusWorkingDays(formedAt, STATUTORY_WORKING_DAYS);
    }

    /** The {@code n}th working day after {@code day} ({@code day} itself for 0). */
    public LocalDate plusWorkingDays(LocalDate day, int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be 0 or more, got " + n);
        }
        LocalDate d = day;
        for (int counted = 0; counted < n; ) {
            d = d.plusDays(1);
            if (isWorkingDay(d)) {
                counted++;
            }
        }
        return d;
    }

    /**
     * Working days after {@code from} up to and including {@code to}, so {@code workingDaysBetween(f, dueDate(f)) == 20};
     * negative (the same count, from {@code to}'s side) when {@code to} is before {@code from}.
     */
    public long workingDaysBetween(LocalDate from, LocalDate to) {
        if (to.isBefore(from)) {
            return -workingDaysBetween(to, from);
        }
        long n = 0;
        for (LocalDate d = from.plusDays(1); !d.isAfter(to); d = d.plusDays(1)) {
            if (isWorkingDay(d)) {
                n++;
            }
        }
        return n;
    }
}
