package cn.gongkai.hub.deadline;

import cn.gongkai.hub.HubException.FieldError;
import cn.gongkai.hub.item.IsoDate;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * One year of the official working-day calendar, as the State Council's yearly notice (国务院办公厅关于 N 年部分节假日安排的通知)
 * gives it: the days off of each 放假调休 period and the weekend days that are working days (调休上班).
 *
 * @param holidays days off besides the weekend; a weekend day inside a 放假 period may be listed (the notices give
 *                 whole periods), it is a day off either way
 * @param workdays Saturdays and Sundays that are working days
 */
public record YearCalendar(int year, SortedSet<LocalDate> holidays, SortedSet<LocalDate> workdays) {
    public YearCalendar {
        holidays = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(holidays));
        workdays = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(workdays));
    }

    /** A year nobody entered: weekends only. */
    public static YearCalendar weekendsOnly(int year) {
        return new YearCalendar(year, new TreeSet<>(), new TreeSet<>());
    }

    /**
     * Reads and checks a year's lists as given (by an ADMIN or a shipped file): every entry a date {@code yyyy-MM-dd} in
     * {@code year}, none listed twice, none both a holiday and a working day, every working day a Saturday or Sunday
     * (a weekday is a working day already, so listing one is a slip). Problems name the field and the entry
     * ({@code workdays[2]}).
     */
    public static Checked check(int year, Collection<String> holidays, Collection<String> workdays) {
        List<FieldError> errors = new ArrayList<>();
        TreeSet<LocalDate> off = dates(year, "holidays", holidays, errors);
        TreeSet<LocalDate> on = dates(year, "workdays", workdays, errors);
        for (LocalDate d : on) {
            DayOfWeek w = d.getDayOfWeek();
            if (w != DayOfWeek.SATURDAY && w != DayOfWeek.SUNDAY) {
                errors.add(new FieldError("workdays", d + " is a " + w.name().toLowerCase() + ", a working day anyway: list only the"
                        + " Saturdays and Sundays the notice makes working days (调休上班)"));
            }
            if (off.contains(d)) {
                errors.add(new FieldError("workdays", d + " is listed in holidays too; a day is either off or a working day"));
            }
        }
        return new Checked(errors.isEmpty() ? new YearCalendar(year, off, on) : null, List.copyOf(errors));
    }

    /** @param calendar the calendar when {@code errors} is empty, else null */
    public record Checked(YearCalendar calendar, List<FieldError> errors) {
    }

    private static TreeSet<LocalDate> dates(int year, String field, Collection<String> values, List<FieldError> errors) {
        TreeSet<LocalDate> out = new TreeSet<>();
        if (values == null) {
            errors.add(new FieldError(field, "is required: a list of dates such as [\"" + year + "-10-01\"] (may be empty)"));
            return out;
        }
        int i = 0;
        for (String s : values) {
            String at = field + "[" + i++ + "]";
            LocalDate d = IsoDate.parse(s);
            if (d == null) {
                errors.add(new FieldError(at, "'" + s + "' is not a date yyyy-MM-dd such as " + year + "-10-01"));
            } else if (d.getYear() != year) {
                errors.add(new FieldError(at, d + " is not in " + year + "; each year has its own calendar"));
            } else if (!out.add(d)) {
                errors.add(new FieldError(at, d + " is listed twice"));
            }
        }
        return out;
    }
}
