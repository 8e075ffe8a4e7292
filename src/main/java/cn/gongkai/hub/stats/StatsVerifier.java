package cn.gongkai.hub.stats;

import cn.gongkai.hub.HubConfig;
import cn.gongkai.hub.channel.ChannelRegistry;
import cn.gongkai.hub.delivery.DeliveryStore;
import cn.gongkai.hub.item.ItemStore;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Recounts a year from the delivery records themselves (every item's deliveries on every channel, a page at a time)
 * and compares the recount with the counters of the year and of each of its months: messages, recipients, parts and
 * distinct items by the time a delivery was sent, withdrawals likewise, failed and skipped by the time it ended so,
 * delivered by the time of its first DELIVRD receipt; targeted notices apart.
 */
@Singleton
public class StatsVerifier {
    private static final Logger LOG = LoggerFactory.getLogger(StatsVerifier.class);
    static final int PAGE = 500;

    private final DeliveryStore store;
    private final ChannelRegistry channels;
    private final ItemStore items;
    private final ZoneId zone;

    StatsVerifier(DeliveryStore store, ChannelRegistry channels, ItemStore items, HubConfig hub) {
        this.store = store;
        this.channels = channels;
        this.items = items;
        this.zone = hub.zoneId();
    }

    public record Difference(String channel, String period, String field, long counter, long recount) {
    }

    public record Verification(int year, boolean ok, long deliveriesRead, List<Difference> differences) {
    }

    /** What one channel's records add up to, per period and field ({@code items}: the distinct ids). */
    static final class Recount {
        final Map<String, Map<String, Long>> fields = new HashMap<>();
        final Map<String, Set<String>> items = new HashMap<>();
        final Map<String, Set<String>> notices = new HashMap<>();
    }

    public Verification verify(int year) {
        long t0 = System.nanoTime();
        List<String> periods = new ArrayList<>();
        periods.add(Integer.toString(year));
        for (int m = 1; m <= 12; m++) {
            periods.add(String.format("%d-%02d", year, m));
        }
        Map<String, Recount> recounts = new HashMap<>();
        long[] read = {0};
        long offset = 0;
        while (true) {
            List<String> ids = items.ids(offset, PAGE);
            for (String id : ids) {
                for (String ch : channels.settings().keySet()) {
                    Recount r = recounts.computeIfAbsent(ch, c -> new Recount());
                    store.recount(ch, id, f -> {
                        read[0]++;
                        add(r, f, year);
                    });
                }
            }
            if (ids.size() < PAGE) {
                break;
            }
            offset += PAGE;
        }
        List<Difference> diffs = new ArrayList<>();
        for (String ch : channels.settings().keySet()) {
            Recount r = recounts.getOrDefault(ch, new Recount());
            for (String p : periods) {
                Map<String, Long> counters = store.counters(ch, p);
                Map<String, Long> counted = r.fields.getOrDefault(p, Map.of());
                Set<String> names = new HashSet<>();
                for (String f : StatsService.FIELDS) {
                    if (!f.equals("items")) {
                        names.add(f);
                        names.add(DeliveryStore.NOTICE_PREFIX + f);
                    }
                }
                names.addAll(counters.keySet());
                names.addAll(counted.keySet());
                for (String f : names.stream().sorted().toList()) {
                    long c = counters.getOrDefault(f, 0L);
                    long n = counted.getOrDefault(f, 0L);
                    if (c != n) {
                        diffs.add(new Difference(ch, p, f, c, n));
                    }
                }
                Set<String> members = store.countedItems(ch, p);
                long itemCounter = members.stream().filter(m -> !m.startsWith(DeliveryStore.NOTICE_MEMBER)).count();
                long noticeCounter = members.size() - itemCounter;
                long itemRecount = r.items.getOrDefault(p, Set.of()).size();
                long noticeRecount = r.notices.getOrDefault(p, Set.of()).size();
                if (itemCounter != itemRecount) {
                    diffs.add(new Difference(ch, p, "items", itemCounter, itemRecount));
                }
                if (noticeCounter != noticeRecount) {
                    diffs.add(new Difference(ch, p, DeliveryStore.NOTICE_PREFIX + "items", noticeCounter, noticeRecount));
                }
            }
        }
        LOG.info("Counters of {} verified against {} delivery records in {} ms: {}", year, read[0], (System.nanoTime() - t0) / 1_000_000,
                diffs.isEmpty() ? "no difference" : diffs.size() + " differences");
        return new Verification(year, diffs.isEmpty(), read[0], diffs);
    }

    private void add(Recount r, DeliveryStore.DeliveryFacts f, int year) {
        boolean notice = DeliveryStore.KIND_NOTICE.equals(f.kind());
        String prefix = notice ? DeliveryStore.NOTICE_PREFIX : "";
        String state = f.state();
        if ("SENT".equals(state) && f.sentAt() != null) {
            for (String p : periods(f.sentAt(), year)) {
                if ("withdraw".equals(f.action())) {
                    inc(r, p, prefix + "withdrawals", 1);
                } else {
                    inc(r, p, prefix + "messages", 1);
                    inc(r, p, prefix + "recipients", f.recipients());
                    inc(r, p, prefix + "parts", f.parts());
                    (notice ? r.notices : r.items).computeIfAbsent(p, x -> new HashSet<>()).add(f.itemId());
                }
            }
        } else if (("FAILED".equals(state) || "DEAD".equals(state)) && f.updatedAt() != null) {
            periods(f.updatedAt(), year).forEach(p -> inc(r, p, prefix + "failed", 1));
        } else if ("SKIPPED".equals(state) && f.updatedAt() != null) {
            periods(f.updatedAt(), year).forEach(p -> inc(r, p, prefix + "skipped", 1));
        }
        if ("DELIVRD".equals(f.receiptStatus()) && f.receiptAt() != null) {
            periods(f.receiptAt(), year).forEach(p -> inc(r, p, prefix + "delivered", 1));
        }
    }

    private static void inc(Recount r, String period, String field, long by) {
        if (by != 0) {
            r.fields.computeIfAbsent(period, x -> new HashMap<>()).merge(field, by, Long::sum);
        }
    }

    private List<String> periods(String instant, int year) {
        ZonedDateTime t = Instant.parse(instant).atZone(zone);
        if (t.getYear() != year) {
            return List.of();
        }
        return List.of(Integer.toString(year), String.format("%d-%02d", year, t.getMonthValue()));
    }
}
