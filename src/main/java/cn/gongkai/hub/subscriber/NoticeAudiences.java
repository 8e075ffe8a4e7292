package cn.gongkai.hub.subscriber;

import cn.gongkai.hub.HubConfig;
import cn.gongkai.hub.channel.Target;
import cn.gongkai.hub.delivery.Audiences;
import cn.gongkai.hub.delivery.PublicationKey;
import cn.gongkai.hub.item.ItemContent;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A notice's audience from the subscriber store: its segment resolved once into a snapshot, then each page of the
 * snapshot read (one bucket's ids, one MGET), the opt-outs of the page's addresses read per channel (one HMGET each),
 * the quotas applied, and each person given the channels {@link Reachability} decides.
 */
@Singleton
class NoticeAudiences implements Audiences {
    private static final Logger LOG = LoggerFactory.getLogger(NoticeAudiences.class);

    private final SubscriberStore store;
    private final NoticeRecords records;
    private final OptOuts optOuts;
    private final Quotas quotas;
    private final SubscriberSettings settings;

    NoticeAudiences(SubscriberStore store, NoticeRecords records, OptOuts optOuts, Quotas quotas, SubscriberSettings settings) {
        this.store = store;
        this.records = records;
        this.optOuts = optOuts;
        this.quotas = quotas;
        this.settings = settings;
    }

    static String name(PublicationKey pub) {
        return pub.itemId() + ":" + pub.version();
    }

    @Override
    public AudiencePage page(PublicationKey pub, ItemContent content, List<String> channels, String cursor, int limit) {
        String name = name(pub);
        if (cursor == null && records.facts(name).isEmpty()) {
            long t0 = System.nanoTime();
            long n = store.resolve(content.notice().segment(), name, settings.segmentTtl().toSeconds());
            long ms = (System.nanoTime() - t0) / 1_000_000;
            records.resolved(name, n, ms);
            LOG.info("Notice {} v{}: segment {} resolved to {} subscribers in {} ms", pub.itemId(), pub.version(),
                    content.notice().segment().canonical(), n, ms);
        }
        SubscriberStore.IdPage ids = store.segmentPage(name, cursor, limit);
        List<Reach> reach = channels.stream().map(Reach::ofChannel).flatMap(Optional::stream).toList();
        Map<String, List<Target>> byChannel = new LinkedHashMap<>();
        if (ids.ids().isEmpty()) {
            return new AudiencePage(byChannel, ids.next());
        }
        List<Subscriber> people = store.findAll(ids.ids());
        Decisions d = decide(people, reach, content.notice().mode(), true, Map.of());
        for (Map.Entry<Reach, List<Subscriber>> e : d.reached.entrySet()) {
            List<Target> t = new ArrayList<>(e.getValue().size());
            for (Subscriber s : e.getValue()) {
                t.add(new Target(s.id(), s.address(e.getKey()), "订阅者 " + s.id()));
            }
            byChannel.put(e.getKey().channel(), t);
        }
        records.skipped(store.bucketOf(ids.ids().get(0)), name, d.skipped);
        return new AudiencePage(byChannel, ids.next());
    }

    @Override
    public void planned(PublicationKey pub) {
        store.dropSegment(name(pub));
    }

    /** What a page of people comes to: who goes out on which channel, and who is skipped where and why. */
    static final class Decisions {
        final Map<Reach, List<Subscriber>> reached = new EnumMap<>(Reach.class);
        final List<NoticeRecords.Skipped> skipped = new ArrayList<>();
    }

    /**
     * Decides a page. With {@code reserve}, the quota counts of the people sent something are raised (planning);
     * without, nothing is written (a preview, which says with {@code takenBefore} how many earlier pages took).
     */
    Decisions decide(List<Subscriber> people, List<Reach> reach, cn.gongkai.hub.item.Notice.Mode mode, boolean reserve,
                     Map<Reach, Long> takenBefore) {
        Map<Reach, Set<String>> out = new EnumMap<>(Reach.class);
        for (Reach r : reach) {
            List<String> addresses = people.stream().map(s -> s.address(r)).filter(a -> a != null && !a.isBlank()).toList();
            out.put(r, optOuts.optedOut(r.channel(), addresses));
        }
        Quotas.Page quota = quotas.page(people, reach, takenBefore);
        Decisions d = new Decisions();
        for (Subscriber s : people) {
            Reachability.Decision dec = Reachability.decide(s, reach, mode,
                    (r, a) -> out.getOrDefault(r, Set.of()).contains(a), quota::over);
            for (Reach r : dec.reached()) {
                d.reached.computeIfAbsent(r, x -> new ArrayList<>()).add(s);
                quota.take(r, s.address(r));
            }
            for (Reachability.Skip k : dec.skipped()) {
                d.skipped.add(new NoticeRecords.Skipped(s.id(), k.channel(), k.reason()));
            }
            if (dec.reached().isEmpty()) {
                d.skipped.add(new NoticeRecords.Skipped(s.id(), null, dec.noneWhy() == null ? SkipReason.NO_ADDRESS : dec.noneWhy()));
            }
        }
        if (reserve) {
            quota.reserve();
        }
        return d;
    }
}
