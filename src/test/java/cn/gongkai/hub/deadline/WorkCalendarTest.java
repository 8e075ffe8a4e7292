package cn.gongkai.hub.deadline;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Due dates (条例第二十六条: 20 working days) by the 2026 calendar shipped from 国务院办公厅关于2026年部分节假日安排的通知;
 * every expected date was counted by hand on the notice's calendar.
 */
class WorkCalendarTest {
    static final ShippedCalendars SHIPPED = new ShippedCalendars();
    static final WorkCalendar OFFICIAL = new WorkCalendar(Map.of(2026, SHIPPED.year(2026).orElseThrow(), 2027, SHIPPED.year(2027).orElseThrow()));

    static LocalDate d(String s) {
        return LocalDate.parse(s);
    }

    /** 国庆 2026-10-01..07 as days off, without the notice's make-up working days. */
    static WorkCalendar nationalDayWithoutMakeUpDays() {
        TreeSet<LocalDate> off = new TreeSet<>();
        for (LocalDate x = d("2026-10-01"); !x.isAfter(d("2026-10-07")); x = x.plusDays(1)) {
            off.add(x);
        }
        return new WorkCalendar(Map.of(2026, new YearCalendar(2026, off, new TreeSet<>())));
    }

    @Test
    void should_skip_saturdays_and_sundays() {
        // Mon 03-02: four weeks of five working days, the 20th is Mon 03-30
        assertThat(OFFICIAL.dueDate(d("2026-03-02"))).isEqualTo(d("2026-03-30"));
        assertThat(OFFICIAL.isWorkingDay(d("2026-03-07"))).as("a Saturday").isFalse();
        assertThat(OFFICIAL.isWorkingDay(d("2026-03-08"))).as("a Sunday").isFalse();
    }

    @Test
    void should_count_the_day_formed_as_day_zero() {
        LocalDate formed = d("2026-03-02");
        assertThat(OFFICIAL.isWorkingDay(formed)).isTrue();
        assertThat(OFFICIAL.plusWorkingDays(formed, 1)).as("day 1 is the next working day").isEqualTo(d("2026-03-03"));
        assertThat(OFFICIAL.dueDate(formed)).as("counting the day formed as day 1 would give 03-27").isEqualTo(d("2026-03-30"));
        assertThat(OFFICIAL.workingDaysBetween(formed, d("2026-03-30"))).isEqualTo(20);
        assertThat(OFFICIAL.workingDaysBetween(formed, formed)).isZero();
        assertThat(OFFICIAL.workingDaysBetween(d("2026-03-30"), formed)).isEqualTo(-20);
        // Fri to the next Mon: the weekend in between counts nothing
        assertThat(OFFICIAL.workingDaysBetween(d("2026-03-06"), d("2026-03-09"))).isEqualTo(1);
    }

    @Test
    void should_skip_a_public_holiday() {
        LocalDate formed = d("2026-09-28");
        assertThat(WorkCalendar.weekendsOnly().dueDate(formed)).as("weekends only").isEqualTo(d("2026-10-26"));
        // 09-29, 09-30, then 10-08 is day 3: the seven days of 国庆 push the deadline a week on
        assertThat(nationalDayWithoutMakeUpDays().dueDate(formed)).isEqualTo(d("2026-11-02"));
        assertThat(OFFICIAL.isWorkingDay(d("2026-10-01"))).isFalse();
        assertThat(OFFICIAL.isWorkingDay(d("2026-10-07"))).as("a Wednesday in 国庆").isFalse();
    }

    @Test
    void should_count_a_make_up_working_day_on_a_weekend() {
        assertThat(OFFICIAL.isWorkingDay(d("2026-10-10"))).as("Saturday 10-10, 调休上班").isTrue();
        assertThat(OFFICIAL.isWorkingDay(d("2026-09-20"))).as("Sunday 09-20, 调休上班").isTrue();
        assertThat(OFFICIAL.isWorkingDay(d("2026-10-11"))).as("the Sunday after it stays off").isFalse();
        // as the holiday case, but Saturday 10-10 is day 5
        assertThat(OFFICIAL.dueDate(d("2026-09-28"))).isEqualTo(d("2026-10-30"));
    }

    @Test
    void should_cross_a_weekend_a_holiday_and_make_up_days_together() {
        // Fri 09-18: Sun 09-20 is day 1 (调休上班), 中秋 09-25..27 and 国庆 10-01..07 are off, Sat 10-10 is day 11
        assertThat(OFFICIAL.dueDate(d("2026-09-18"))).isEqualTo(d("2026-10-22"));
        assertThat(WorkCalendar.weekendsOnly().dueDate(d("2026-09-18"))).isEqualTo(d("2026-10-16"));
        // 春节: Sat 02-14 is day 1, 02-15..23 off, Sat 02-28 is day 6
        assertThat(OFFICIAL.dueDate(d("2026-02-13"))).isEqualTo(d("2026-03-19"));
    }

    @Test
    void should_count_from_a_day_formed_on_a_holiday_or_a_weekend() {
        // 10-01 and 10-04 are both inside 国庆: the first working day after either is 10-08
        assertThat(OFFICIAL.dueDate(d("2026-10-01"))).isEqualTo(d("2026-11-03"));
        assertThat(OFFICIAL.dueDate(d("2026-10-04"))).isEqualTo(d("2026-11-03"));
        assertThat(OFFICIAL.dueDate(d("2026-10-10"))).as("formed on the make-up Saturday").isEqualTo(d("2026-11-06"));
        assertThat(OFFICIAL.dueDate(d("2026-03-07"))).as("formed on a Saturday").isEqualTo(d("2026-04-03"));
    }

    @Test
    void should_go_on_into_the_next_year_and_count_weekends_only_where_there_is_no_calendar() {
        // 2026-12-18 (Fri): 12-21..31 are days 1-9, 元旦 2027-01-01 is off, 01-18 is day 20
        assertThat(OFFICIAL.dueDate(d("2026-12-18"))).isEqualTo(d("2027-01-18"));
        assertThat(WorkCalendar.weekendsOnly().dueDate(d("2026-12-18"))).isEqualTo(d("2027-01-15"));
        // 2030 has no calendar: 2030-10-01 is a Tuesday and a working day
        assertThat(OFFICIAL.isWorkingDay(d("2030-10-01"))).isTrue();
    }

    @Test
    void should_ship_the_2026_notice_as_published() {
        YearCalendar y = SHIPPED.year(2026).orElseThrow();
        assertThat(y.holidays()).as("放假调休日期共33天").hasSize(33);
        assertThat(y.workdays()).containsExactly(d("2026-01-04"), d("2026-02-14"), d("2026-02-28"), d("2026-05-09"),
                d("2026-09-20"), d("2026-10-10"));
        assertThat(y.holidays()).contains(d("2026-02-15"), d("2026-02-23"), d("2026-04-06"), d("2026-05-05"), d("2026-06-19"))
                .doesNotContain(d("2026-02-24"), d("2026-10-08"));
        assertThat(SHIPPED.years()).containsExactly(2026, 2027);
        assertThat(SHIPPED.year(2027).orElseThrow().holidays()).contains(d("2027-02-05"), d("2027-10-01")).hasSize(13);
    }

    @Test
    void should_refuse_a_calendar_with_weekday_workdays_a_date_in_both_lists_or_outside_its_year() {
        YearCalendar.Checked c = YearCalendar.check(2026, List.of("2026-10-01", "2026-10-01", "2027-01-01", "2026-02-30", "2026-9-1"),
                List.of("2026-10-08", "2026-10-01", "2026-10-10"));
        assertThat(c.calendar()).isNull();
        assertThat(c.errors()).extracting(e -> e.field() + ": " + e.problem()).containsExactly(
                "holidays[1]: 2026-10-01 is listed twice",
                "holidays[2]: 2027-01-01 is not in 2026; each year has its own calendar",
                "holidays[3]: '2026-02-30' is not a date yyyy-MM-dd such as 2026-10-01",
                "holidays[4]: '2026-9-1' is not a date yyyy-MM-dd such as 2026-10-01",
                "workdays: 2026-10-01 is a thursday, a working day anyway: list only the Saturdays and Sundays the notice makes working days (调休上班)",
                "workdays: 2026-10-01 is listed in holidays too; a day is either off or a working day",
                "workdays: 2026-10-08 is a thursday, a working day anyway: list only the Saturdays and Sundays the notice makes working days (调休上班)");
        assertThat(YearCalendar.check(2026, List.of(), null).errors()).extracting(e -> e.field()).containsExactly("workdays");
        assertThat(YearCalendar.check(2026, List.of("2026-10-03"), List.of("2026-10-10")).calendar().holidays())
                .as("a weekend day inside a holiday period may be listed").containsExactly(d("2026-10-03"));
    }
}
