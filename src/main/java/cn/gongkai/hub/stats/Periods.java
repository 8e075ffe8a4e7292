package cn.gongkai.hub.stats;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

/**
 * The counter periods ({@code yyyy}, {@code yyyy-MM}, {@code yyyy-MM-dd}) that cover a range of days exactly, the
 * fewest of them: whole years, then whole months, then the days left at either end.
 */
public final class Periods {
    private Periods() {
    }

    public static List<String> covering(LocalDate from, LocalDate to) {
        List<String> out = new ArrayList<>();
        LocalDate d = from;
        while (!d.isAfter(to)) {
            if (d.getDayOfYear() == 1 && !d.plusYears(1).minusDays(1).isAfter(to)) {
                out.add(Integer.toString(d.getYear()));
                d = d.plusYears(1);
            } else if (d.getDayOfMonth() == 1 && !d.plusMonths(1).minusDays(1).isAfter(to)) {
                out.add(YearMonth.from(d).toString());
                d = d.plusMonths(1);
            } else {
                out.add(d.toString());
                d = d.plusDays(1);
            }
        }
        return out;
    }
}
