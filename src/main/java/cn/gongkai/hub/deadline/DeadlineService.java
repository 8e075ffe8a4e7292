package cn.gongkai.hub.deadline;

import cn.gongkai.hub.item.Disclosure;
import cn.gongkai.hub.item.Item;
import cn.gongkai.hub.item.ItemState;
import cn.gongkai.hub.item.ItemStore;
import cn.gongkai.hub.item.Urgency;
import cn.gongkai.hub.review.Approval;
import cn.gongkai.hub.review.ReviewStore;
import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * The disclosure deadlines of one year's items (条例第二十六条: published within 20 working days of the day the
 * information was formed or changed), and urgent items left unpublished too long after their final approval.
 *
 * <p>Only 主动公开 items have the duty; 依申请公开 and 不予公开 ones, and items withdrawn before they were ever
 * published, are left out. An item counts as published on the first day one of its versions finished publishing on or
 * after its {@code formedAt} (an earlier publication cannot have carried information formed later).
 */
@Singleton
public class DeadlineService {
    static final int CHUNK = 500;

    private final ItemStore items;
    private final ReviewStore reviews;
    private final WorkCalendars calendars;
    private final DeadlineSettings settings;
    private final Clock clock;

    @Inject
    public DeadlineService(ItemStore items, ReviewStore reviews, WorkCalendars calendars, DeadlineSettings settings) {
        this(items, reviews, calendars, settings, Clock.system(calendars.zone()));
    }

    DeadlineService(ItemStore items, ReviewStore reviews, WorkCalendars calendars, DeadlineSettings settings, Clock clock) {
        this.items = items;
        this.reviews = reviews;
        this.calendars = calendars;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * One line of the report.
     *
     * @param publishedAt when the item was published for this deadline (see the class comment), null while it is not
     * @param approvedAt  in {@code urgentLate} only: the final approval the hours count from
     */
    public record Entry(String itemId, String title, LocalDate formedAt, LocalDate dueDate, Instant publishedAt,
                        @JsonInclude(JsonInclude.Include.NON_NULL) Instant approvedAt) {
    }

    /**
     * @param late       published after the due date, or unpublished and past it
     * @param dueSoon    unpublished, due today or within {@code hub.deadlines.due-soon-working-days} working days
     * @param urgentLate urgent, and published more than {@code hub.deadlines.urgent-hours} after the final approval, or
     *                   not yet published that long after it
     */
    public record Report(int year, LocalDate today, List<Entry> late, List<Entry> dueSoon, List<Entry> urgentLate) {
    }

    /** The items formed (or changed) in {@code year}, read page by page. */
    public Report report(int year) {
        WorkCalendars.checkYear(year);
        ZoneId zone = calendars.zone();
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, zone);
        WorkCalendar calendar = calendars.covering(List.of(LocalDate.of(year, 1, 1), today));
        Duration urgentWithin = Duration.ofHours(settings.urgentHours());
        List<Entry> late = new ArrayList<>();
        List<Entry> dueSoon = new ArrayList<>();
        List<Entry> urgentLate = new ArrayList<>();
        for (long offset = 0; ; offset += CHUNK) {
            List<String> ids = items.ids(offset, CHUNK);
            for (String id : ids) {
                Optional<Item> found = items.find(id);
                if (found.isEmpty()) {
                    continue;
                }
                Item item = found.get();
                LocalDate formedAt = calendars.formedAt(item);
                Disclosure disclosure = item.content().disclosure();
                if (formedAt.getYear() != year || (disclosure != null && disclosure != Disclosure.ACTIVE)) {
                    continue;
                }
                SortedMap<Integer, Instant> published = items.publishedAt(id);
                if (item.state() == ItemState.WITHDRAWN && published.isEmpty()) {
                    continue;
                }
                LocalDate due = calendar.dueDate(formedAt);
                Instant publishedAt = published.values().stream()
                        .filter(t -> !LocalDate.ofInstant(t, zone).isBefore(formedAt)).min(Comparator.naturalOrder()).orElse(null);
                Entry entry = new Entry(id, item.content().title(), formedAt, due, publishedAt, null);
                if (publishedAt != null ? LocalDate.ofInstant(publishedAt, zone).isAfter(due) : today.isAfter(due)) {
                    late.add(entry);
                } else if (publishedAt == null && calendar.workingDaysBetween(today, due) <= settings.dueSoonWorkingDays()) {
                    dueSoon.add(entry);
                }
                if (item.content().urgency() == Urgency.URGENT) {
                    urgent(item, entry, published, now, urgentWithin).ifPresent(urgentLate::add);
                }
            }
            if (ids.size() < CHUNK) {
                break;
            }
        }
        Comparator<Entry> byDue = Comparator.comparing(Entry::dueDate).thenComparing(Entry::itemId);
        late.sort(byDue);
        dueSoon.sort(byDue);
        urgentLate.sort(Comparator.comparing(Entry::approvedAt).thenComparing(Entry::itemId));
        return new Report(year, today, List.copyOf(late), List.copyOf(dueSoon), List.copyOf(urgentLate));
    }

    /**
     * The version the hours count for: the current one once it is approved, else the one published last. Late when
     * its first publication came, or now is, more than {@code within} after its final approval.
     */
    private Optional<Entry> urgent(Item item, Entry entry, Map<Integer, Instant> published, Instant now, Duration within) {
        Optional<Approval> approval = reviews.approval(item.id(), item.version());
        int version = item.version();
        if (approval.isEmpty() && item.publishedVersion() > 0) {
            version = item.publishedVersion();
            approval = reviews.approval(item.id(), version);
        }
        if (approval.isEmpty()) {
            return Optional.empty();
        }
        Instant approvedAt = approval.get().at();
        Instant publishedAt = published.get(version);
        Instant by = publishedAt != null ? publishedAt : now;
        if (!by.isAfter(approvedAt.plus(within))) {
            return Optional.empty();
        }
        return Optional.of(new Entry(entry.itemId(), entry.title(), entry.formedAt(), entry.dueDate(), publishedAt, approvedAt));
    }
}
