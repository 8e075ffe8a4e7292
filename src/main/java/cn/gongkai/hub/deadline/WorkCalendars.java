package cn.gongkai.hub.deadline;

import cn.gongkai.hub.HubConfig;
import cn.gongkai.hub.audit.Actor;
import cn.gongkai.hub.audit.AuditAction;
import cn.gongkai.hub.audit.AuditEntry;
import cn.gongkai.hub.audit.AuditLog;
import cn.gongkai.hub.HubException;
import cn.gongkai.hub.item.Item;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The working-day calendar in force: for each year the one an ADMIN entered, else the shipped one, else weekends only;
 * and each item's due date by it. Read from the store on every use, so an ADMIN's change counts on every hub instance
 * at once.
 */
@Singleton
public class WorkCalendars {
    private static final Logger LOG = LoggerFactory.getLogger(WorkCalendars.class);
    public static final String ENTERED = "entered by ADMIN";
    public static final String SHIPPED = "shipped";
    public static final String WEEKENDS_ONLY = "weekends only";

    private final CalendarStore store;
    private final ShippedCalendars shipped;
    private final ZoneId zone;
    private final AuditLog audit;

    public WorkCalendars(CalendarStore store, ShippedCalendars shipped, HubConfig hub, AuditLog audit) {
        this.store = store;
        this.shipped = shipped;
        this.zone = hub.zoneId();
        this.audit = audit;
    }

    /**
     * A year's calendar as the API shows it.
     *
     * @param source    {@value #ENTERED}, {@value #SHIPPED} or {@value #WEEKENDS_ONLY} (no calendar at all: only Saturdays
     *                  and Sundays are days off)
     * @param updatedBy who entered it ({@value #ENTERED} only)
     */
    public record View(int year, String source, List<LocalDate> holidays, List<LocalDate> workdays, String updatedBy,
                       Instant updatedAt) {
    }

    public View view(int year) {
        checkYear(year);
        Optional<CalendarStore.Entered> entered = store.find(year);
        if (entered.isPresent()) {
            CalendarStore.Entered e = entered.get();
            return new View(year, ENTERED, List.copyOf(e.calendar().holidays()), List.copyOf(e.calendar().workdays()), e.by(), e.at());
        }
        return shipped.year(year)
                .map(c -> new View(year, SHIPPED, List.copyOf(c.holidays()), List.copyOf(c.workdays()), null, null))
                .orElseGet(() -> new View(year, WEEKENDS_ONLY, List.of(), List.of(), null, null));
    }

    /**
     * Replaces a year's calendar (ADMIN), after {@link YearCalendar#check}; every problem at once as a 400. The change
     * is in the audit log ({@code CALENDAR_CHANGED}): it moves every deadline of the year.
     */
    public View save(int year, List<String> holidays, List<String> workdays, Actor by) {
        checkYear(year);
        YearCalendar.Checked c = YearCalendar.check(year, holidays, workdays);
        if (!c.errors().isEmpty()) {
            throw HubException.invalid(c.errors());
        }
        store.save(new CalendarStore.Entered(c.calendar(), by.name(), Instant.now()));
        String what = c.calendar().holidays().size() + " holidays, " + c.calendar().workdays().size() + " make-up working days";
        audit.record(AuditEntry.now(by, AuditAction.CALENDAR_CHANGED, "calendar:" + year, what));
        LOG.info("Working-day calendar of {} entered by {}: {}", year, by.name(), what);
        return view(year);
    }

    /** The calendar of one year in force (never null: weekends only when there is none). */
    YearCalendar year(int year) {
        return store.find(year).map(CalendarStore.Entered::calendar)
                .or(() -> shipped.year(year))
                .orElseGet(() -> YearCalendar.weekendsOnly(year));
    }

    /**
     * A calendar holding the years of {@code days} and the year after each (a due date 20 working days on may be in
     * the next year); any other year counts weekends only.
     */
    public WorkCalendar covering(Collection<LocalDate> days) {
        Map<Integer, YearCalendar> years = new HashMap<>();
        for (LocalDate d : days) {
            years.computeIfAbsent(d.getYear(), this::year);
            years.computeIfAbsent(d.getYear() + 1, this::year);
        }
        return new WorkCalendar(years);
    }

    /** The day an item's information was formed: its {@code formedAt}, or for versions written before it, its creation day. */
    public LocalDate formedAt(Item item) {
        LocalDate f = item.content().formedAt();
        return f != null ? f : item.createdAt().atZone(zone).toLocalDate();
    }

    /** Each item's due date (条例第二十六条), in the order given, from one read of the calendars they need. */
    public List<LocalDate> dueDates(List<Item> items) {
        List<LocalDate> formed = items.stream().map(this::formedAt).toList();
        WorkCalendar calendar = covering(formed);
        return formed.stream().map(calendar::dueDate).toList();
    }

    public ZoneId zone() {
        return zone;
    }

    public static int parseYear(String s) {
        if (s == null || !s.strip().matches("\\d{4}")) {
            throw HubException.invalid("year", "must be a year such as 2026, got '" + s + "'");
        }
        int y = Integer.parseInt(s.strip());
        checkYear(y);
        return y;
    }

    static void checkYear(int year) {
        if (year < ShippedCalendars.FIRST_YEAR || year > ShippedCalendars.LAST_YEAR) {
            throw HubException.invalid("year", "must be between " + ShippedCalendars.FIRST_YEAR + " and " + ShippedCalendars.LAST_YEAR
                    + ", got " + year);
        }
    }
}
