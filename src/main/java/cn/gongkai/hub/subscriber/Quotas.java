package cn.gongkai.hub.subscriber;

import cn.gongkai.hub.HubConfig;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The known platform limits of {@link NoticeSettings}, applied to a page of people: the counts of the day are read
 * once per page, each person taken counts at once (a second notice in the same page sees it), and the page's counts
 * are written when its deliveries are planned.
 */
@Singleton
class Quotas {
    private final NoticeSettings settings;
    private final DailySends sends;
    private final Clock clock;

    @jakarta.inject.Inject
    Quotas(NoticeSettings settings, DailySends sends, HubConfig hub) {
        this(settings, sends, Clock.system(hub.zoneId()));
    }

    Quotas(NoticeSettings settings, DailySends sends, Clock clock) {
        this.settings = settings;
        this.sends = sends;
        this.clock = clock;
    }

    LocalDate today() {
        return LocalDate.now(clock);
    }

    /** @param takenBefore per channel: taken by earlier pages without being reserved (a preview) */
    Page page(List<Subscriber> people, List<Reach> reach, Map<Reach, Long> takenBefore) {
        LocalDate day = today();
        Map<Reach, Map<String, Long>> perAddress = new EnumMap<>(Reach.class);
        Map<Reach, Long> left = new EnumMap<>(Reach.class);
        for (Reach r : reach) {
            if (settings.perAddress(r) > 0) {
                List<String> addresses = people.stream().map(s -> s.address(r)).filter(a -> a != null && !a.isBlank()).distinct().toList();
                List<Long> counts = sends.counts(r.channel(), day, addresses);
                Map<String, Long> m = new HashMap<>();
                for (int i = 0; i < addresses.size(); i++) {
                    m.put(addresses.get(i), counts.get(i));
                }
                perAddress.put(r, m);
            }
            if (settings.total(r) > 0) {
                left.put(r, Math.max(0, settings.total(r) - sends.total(r.channel(), day) - takenBefore.getOrDefault(r, 0L)));
            }
        }
        return new Page(day, perAddress, left);
    }

    final class Page {
        private final LocalDate day;
        private final Map<Reach, Map<String, Long>> perAddress;
        private final Map<Reach, Long> left;
        private final Map<Reach, List<String>> taken = new EnumMap<>(Reach.class);

        Page(LocalDate day, Map<Reach, Map<String, Long>> perAddress, Map<Reach, Long> left) {
            this.day = day;
            this.perAddress = perAddress;
            this.left = left;
        }

        boolean over(Reach r, String address) {
            Map<String, Long> m = perAddress.get(r);
            if (m != null && m.getOrDefault(address, 0L) >= settings.perAddress(r)) {
                return true;
            }
            Long l = left.get(r);
            return l != null && l <= 0;
        }

        void take(Reach r, String address) {
            Map<String, Long> m = perAddress.get(r);
            if (m != null) {
                m.merge(address, 1L, Long::sum);
            }
            left.computeIfPresent(r, (k, v) -> v - 1);
            if (m != null || left.containsKey(r)) {
                taken.computeIfAbsent(r, k -> new ArrayList<>()).add(address);
            }
        }

        void reserve() {
            taken.forEach((r, addresses) -> sends.add(r.channel(), day, addresses));
        }
    }
}
