package cn.gongkai.hub.stats;

import cn.gongkai.hub.HubConfig;
import cn.gongkai.hub.HubException;
import cn.gongkai.hub.channel.ChannelRegistry;
import cn.gongkai.hub.delivery.DeliveryStore;
import cn.gongkai.hub.item.Catalogue;
import cn.gongkai.hub.item.Item;
import cn.gongkai.hub.item.ItemStore;
import jakarta.inject.Singleton;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Publication counts per channel for a range of days, from the delivery engine's counters (kept in the same step as the
 * delivery records, per day, month and year): per channel the distinct items, messages, recipients, SMS parts,
 * delivered (receipts), failed, skipped and withdrawals; the distinct items over all channels (an item on four channels
 * counts once); targeted notices apart from items. Grouped by channel (default), month, catalogue column or issuer.
 */
@Singleton
public class StatsService {
    public static final List<String> FIELDS = List.of("items", "messages", "recipients", "parts", "delivered", "failed", "skipped", "withdrawals");

    private final DeliveryStore store;
    private final ChannelRegistry channels;
    private final ItemStore items;
    private final Catalogue catalogue;
    private final HubConfig hub;

    StatsService(DeliveryStore store, ChannelRegistry channels, ItemStore items, Catalogue catalogue, HubConfig hub) {
        this.store = store;
        this.channels = channels;
        this.items = items;
        this.catalogue = catalogue;
        this.hub = hub;
    }

    public enum GroupBy { CHANNEL, MONTH, CATEGORY, ISSUER }

    /**
     * @param channels      channel → figures ({@link #FIELDS})
     * @param distinctItems items published on any channel
     * @param notices       targeted notices sent on any channel
     * @param noticeChannels channel → the notices' own figures (their messages, recipients, …; {@code items} = notices)
     * @param groups        by month / column / issuer: the same figures per group (for columns and issuers only the
     *                      distinct items per channel: the counters are kept per channel and period, not per column)
     */
    public record Stats(LocalDate from, LocalDate to, String groupBy, Map<String, Map<String, Long>> channels, long distinctItems,
                        long notices, Map<String, Map<String, Long>> noticeChannels, Map<String, Group> groups) {
    }

    public record Group(Map<String, Map<String, Long>> channels, long distinctItems, long notices) {
    }

    /** The range of a request: {@code from}/{@code to} (dates), or {@code year}, or this year. */
    public record Range(LocalDate from, LocalDate to) {
    }

    public Range range(String from, String to, String year) {
        List<HubException.FieldError> errors = new ArrayList<>();
        LocalDate f = null;
        LocalDate t = null;
        if (year != null && !year.isBlank()) {
            if (from != null || to != null) {
                errors.add(new HubException.FieldError("year", "give either year or from/to, not both"));
            } else {
                try {
                    int y = Integer.parseInt(year.strip());
                    if (y < 2000 || y > 2100) {
                        throw new NumberFormatException();
                    }
                    f = LocalDate.of(y, 1, 1);
                    t = LocalDate.of(y, 12, 31);
                } catch (NumberFormatException e) {
                    errors.add(new HubException.FieldError("year", "must be a year between 2000 and 2100"));
                }
            }
        } else {
            LocalDate today = LocalDate.now(hub.zoneId());
            f = date("from", from, errors, LocalDate.of(today.getYear(), 1, 1));
            t = date("to", to, errors, LocalDate.of(today.getYear(), 12, 31));
            if (f != null && t != null && t.isBefore(f)) {
                errors.add(new HubException.FieldError("to", "is before from"));
            }
            if (f != null && t != null && t.isAfter(f.plusYears(10))) {
                errors.add(new HubException.FieldError("to", "the range is longer than ten years"));
            }
        }
        if (!errors.isEmpty()) {
            throw HubException.invalid(errors);
        }
        return new Range(f, t);
    }

    private static LocalDate date(String field, String s, List<HubException.FieldError> errors, LocalDate dflt) {
        if (s == null || s.isBlank()) {
            return dflt;
        }
        try {
            return LocalDate.parse(s.strip());
        } catch (DateTimeParseException e) {
            errors.add(new HubException.FieldError(field, "must be a date such as 2026-01-31"));
            return null;
        }
    }

    public static GroupBy groupBy(String s) {
        if (s == null || s.isBlank()) {
            return GroupBy.CHANNEL;
        }
        for (GroupBy g : GroupBy.values()) {
            if (g.name().equalsIgnoreCase(s.strip())) {
                return g;
            }
        }
        throw HubException.invalid("groupBy", "must be channel, category, month or issuer");
    }

    public Stats stats(Range range, GroupBy groupBy) {
        List<String> periods = Periods.covering(range.from(), range.to());
        Totals all = totals(periods);
        Map<String, Group> groups = new LinkedHashMap<>();
        switch (groupBy) {
            case MONTH -> {
                for (YearMonth m = YearMonth.from(range.from()); !m.isAfter(YearMonth.from(range.to())); m = m.plusMonths(1)) {
                    LocalDate a = m.atDay(1).isBefore(range.from()) ? range.from() : m.atDay(1);
                    LocalDate b = m.atEndOfMonth().isAfter(range.to()) ? range.to() : m.atEndOfMonth();
                    Totals t = totals(Periods.covering(a, b));
                    groups.put(m.toString(), new Group(t.channels, t.itemIds.size(), t.noticeIds.size()));
                }
            }
            case CATEGORY, ISSUER -> {
                Map<String, Map<String, Set<String>>> byGroup = new TreeMap<>();
                Map<String, Optional<Item>> cache = new java.util.HashMap<>();
                for (Map.Entry<String, Set<String>> e : all.itemsByChannel.entrySet()) {
                    for (String id : e.getValue()) {
                        Optional<Item> it = cache.computeIfAbsent(id, items::find);
                        String g = it.map(i -> groupBy == GroupBy.CATEGORY ? catalogue.nameOf(i.content().category())
                                : (i.content().issuer() == null || i.content().issuer().isBlank() ? "（未注明发布机构）" : i.content().issuer()))
                                .orElse("（未知）");
                        byGroup.computeIfAbsent(g, x -> new LinkedHashMap<>()).computeIfAbsent(e.getKey(), x -> new HashSet<>()).add(id);
                    }
                }
                for (Map.Entry<String, Map<String, Set<String>>> e : byGroup.entrySet()) {
                    Map<String, Map<String, Long>> ch = new LinkedHashMap<>();
                    Set<String> distinct = new HashSet<>();
                    e.getValue().forEach((c, ids) -> {
                        Map<String, Long> f = new LinkedHashMap<>();
                        f.put("items", (long) ids.size());
                        ch.put(c, f);
                        distinct.addAll(ids);
                    });
                    groups.put(e.getKey(), new Group(ch, distinct.size(), 0));
                }
            }
            default -> {
            }
        }
        return new Stats(range.from(), range.to(), groupBy.name().toLowerCase(), all.channels, all.itemIds.size(), all.noticeIds.size(),
                all.noticeChannels, groups.isEmpty() ? null : groups);
    }

    /** The sums of some periods. */
    static final class Totals {
        final Map<String, Map<String, Long>> channels = new LinkedHashMap<>();
        final Map<String, Map<String, Long>> noticeChannels = new LinkedHashMap<>();
        final Map<String, Set<String>> itemsByChannel = new LinkedHashMap<>();
        final Set<String> itemIds = new HashSet<>();
        final Set<String> noticeIds = new HashSet<>();
    }

    Totals totals(List<String> periods) {
        Totals t = new Totals();
        for (String ch : channels.settings().keySet()) {
            Map<String, Long> sums = new LinkedHashMap<>();
            Map<String, Long> notice = new LinkedHashMap<>();
            FIELDS.forEach(f -> {
                sums.put(f, 0L);
                notice.put(f, 0L);
            });
            Set<String> itemIds = new HashSet<>();
            Set<String> noticeIds = new HashSet<>();
            for (String p : periods) {
                store.counters(ch, p).forEach((field, v) -> {
                    if (field.startsWith(DeliveryStore.NOTICE_PREFIX)) {
                        notice.computeIfPresent(field.substring(DeliveryStore.NOTICE_PREFIX.length()), (k, x) -> x + v);
                    } else {
                        sums.computeIfPresent(field, (k, x) -> x + v);
                    }
                });
                for (String member : store.countedItems(ch, p)) {
                    if (member.startsWith(DeliveryStore.NOTICE_MEMBER)) {
                        noticeIds.add(member.substring(DeliveryStore.NOTICE_MEMBER.length()));
                    } else {
                        itemIds.add(member);
                    }
                }
            }
            sums.put("items", (long) itemIds.size());
            notice.put("items", (long) noticeIds.size());
            t.channels.put(ch, sums);
            if (!noticeIds.isEmpty() || notice.values().stream().anyMatch(v -> v != 0)) {
                t.noticeChannels.put(ch, notice);
            }
            t.itemsByChannel.put(ch, itemIds);
            t.itemIds.addAll(itemIds);
            t.noticeIds.addAll(noticeIds);
        }
        return t;
    }
}
