package cn.gongkai.hub.subscriber;

import cn.gongkai.hub.HubConfig;
import cn.gongkai.hub.HubException;
import cn.gongkai.hub.HubException.FieldError;
import cn.gongkai.hub.channel.ChannelRegistry;
import cn.gongkai.hub.channel.ChannelSettings;
import cn.gongkai.hub.channel.QuietHours;
import cn.gongkai.hub.delivery.DeliveryStore;
import cn.gongkai.hub.delivery.PublicationKey;
import cn.gongkai.hub.item.Action;
import cn.gongkai.hub.item.Item;
import cn.gongkai.hub.item.ItemDraft;
import cn.gongkai.hub.item.ItemService;
import cn.gongkai.hub.item.Notice;
import cn.gongkai.hub.item.Urgency;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Targeted notices (定向发布): drafting one (an item of kind notice, reviewed and gated like any item), previewing a
 * segment before anyone sends (its size, ten people masked, how the channels would split it and who a quota or a
 * missing consent would leave out), and the report of a sent notice.
 */
@Singleton
public class NoticeService {
    private static final Logger LOG = LoggerFactory.getLogger(NoticeService.class);
    static final int SAMPLE = 10;
    static final int MAX_TAGS = 50;
    private static final long PREVIEW_TTL_SECONDS = 300;

    private final ItemService items;
    private final SubscriberStore store;
    private final Dimensions dimensions;
    private final NoticeAudiences audiences;
    private final NoticeRecords records;
    private final DeliveryStore deliveries;
    private final ChannelRegistry channels;
    private final NoticeSettings limits;
    private final HubConfig hub;
    private final String category;

    NoticeService(ItemService items, SubscriberStore store, Dimensions dimensions, NoticeAudiences audiences, NoticeRecords records,
                  DeliveryStore deliveries, ChannelRegistry channels, NoticeSettings limits, HubConfig hub,
                  @Value("${hub.notices.category:ggfw}") String category) {
        this.items = items;
        this.store = store;
        this.dimensions = dimensions;
        this.audiences = audiences;
        this.records = records;
        this.deliveries = deliveries;
        this.channels = channels;
        this.limits = limits;
        this.hub = hub;
        this.category = category;
    }

    public Item create(NoticeDraft d, String by) {
        Checked c = check(d);
        Item item = items.createNotice(c.draft, c.notice, by);
        LOG.info("Notice {} drafted by {} for segment {} on {}", item.id(), by, c.notice.segment().canonical(), item.content().channels());
        return item;
    }

    public Item update(String id, NoticeDraft d, String by) {
        Checked c = check(d);
        return items.updateNotice(id, c.draft, c.notice, by);
    }

    public Item get(String id) {
        Item item = items.get(id);
        if (item.content().notice() == null) {
            throw HubException.notFound("notice " + id + " (item " + id + " is not a notice)");
        }
        return item;
    }

    /** A page of notices, newest item ids last as the item list orders them; {@code more}: a next page exists. */
    public record NoticePage(List<Item> items, int page, boolean more) {
    }

    /** The notices among the items (kind notice, filed under {@code hub.notices.category}), {@code size} a page. */
    public NoticePage list(int page, int size) {
        if (page < 1 || size < 1 || size > 200) {
            throw HubException.invalid("page", "page must be 1 or more and size 1 to 200");
        }
        long skip = (long) (page - 1) * size;
        List<Item> out = new ArrayList<>();
        long seen = 0;
        for (int p = 1; ; p++) {
            ItemService.Page chunk = items.list(null, category, p, 200);
            for (Item i : chunk.items()) {
                if (i.content().notice() == null) {
                    continue;
                }
                if (seen++ >= skip) {
                    if (out.size() == size) {
                        return new NoticePage(out, page, true);
                    }
                    out.add(i);
                }
            }
            if ((long) p * 200 >= chunk.total()) {
                return new NoticePage(out, page, false);
            }
        }
    }

    private record Checked(ItemDraft draft, Notice notice) {
    }

    private Checked check(NoticeDraft d) {
        List<FieldError> errors = new ArrayList<>();
        Notice.Segment segment = segment(d.segment(), errors);
        List<Reach> reach = reach(d.channels(), errors);
        Notice.Mode mode = Notice.Mode.parse(d.mode());
        if (mode == null) {
            errors.add(new FieldError("mode", "must be fallback or all"));
        }
        Instant publishAt = null;
        if (d.publishAt() != null && !d.publishAt().isBlank()) {
            publishAt = time(d.publishAt().strip());
            if (publishAt == null) {
                errors.add(new FieldError("publishAt", "must be ISO-8601 such as 2026-12-01T09:00 (hub zone " + hub.zone()
                        + ") or 2026-12-01T09:00:00+08:00"));
            } else if (publishAt.isBefore(Instant.now().minusSeconds(300))) {
                errors.add(new FieldError("publishAt", "is in the past (" + publishAt + "); leave it out to publish once approved"));
            }
        }
        ItemDraft draft = new ItemDraft(d.title(), d.body(), d.summary(), category, null, d.docNumber(), d.issuer(),
                reach.stream().map(Reach::channel).toList(), d.urgency(), d.formedAt());
        for (FieldError e : items.problems(draft)) {
            // channel names were checked above in the notice's own terms
            if (!e.field().equals("channels") || errors.stream().noneMatch(x -> x.field().equals("channels"))) {
                errors.add(e.field().equals("channels") ? new FieldError("channels", e.problem().replace("press-email", "email")) : e);
            }
        }
        if (!errors.isEmpty()) {
            throw HubException.invalid(errors);
        }
        return new Checked(draft, new Notice(segment, mode, publishAt));
    }

    private Instant time(String s) {
        try {
            return java.time.OffsetDateTime.parse(s).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            try {
                return java.time.LocalDateTime.parse(s).atZone(hub.zoneId()).toInstant();
            } catch (java.time.format.DateTimeParseException e2) {
                return null;
            }
        }
    }

    /** The segment of a request, its tags normalised and checked against the configured dimensions. */
    public Notice.Segment segment(NoticeDraft.SegmentDraft s, List<FieldError> errors) {
        if (s == null) {
            errors.add(new FieldError("segment", "is required: {\"all\": [\"区域:崇川区\"], \"any\": [...], \"not\": [...]}"
                    + " (an empty object is every subscriber)"));
            return new Notice.Segment(List.of(), List.of(), List.of());
        }
        List<String> dims = dimensions.current();
        return new Notice.Segment(tags("segment.all", s.all(), dims, errors), tags("segment.any", s.any(), dims, errors),
                tags("segment.not", s.not(), dims, errors));
    }

    private static List<String> tags(String field, List<String> raw, List<String> dims, List<FieldError> errors) {
        if (raw == null) {
            return List.of();
        }
        if (raw.size() > MAX_TAGS) {
            errors.add(new FieldError(field, "lists " + raw.size() + " tags; at most " + MAX_TAGS));
            return List.of();
        }
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (int i = 0; i < raw.size(); i++) {
            String t = Tags.normalize(raw.get(i));
            Optional<String> p = Tags.problem(t, dims);
            if (p.isPresent()) {
                errors.add(new FieldError(field + "[" + i + "]", p.get()));
            } else {
                out.add(t);
            }
        }
        return List.copyOf(out);
    }

    private List<Reach> reach(List<String> names, List<FieldError> errors) {
        if (names == null || names.isEmpty()) {
            errors.add(new FieldError("channels", "is required: one or more of " + Reach.names()));
            return List.of();
        }
        LinkedHashSet<Reach> out = new LinkedHashSet<>();
        for (int i = 0; i < names.size(); i++) {
            Optional<Reach> r = Reach.find(names.get(i));
            if (r.isEmpty()) {
                errors.add(new FieldError("channels[" + i + "]", "unknown channel '" + names.get(i) + "'; a notice goes out on " + Reach.names()));
                continue;
            }
            Optional<ChannelSettings> s = channels.settings(r.get().channel());
            if (s.isEmpty() || !s.get().enabled()) {
                errors.add(new FieldError("channels[" + i + "]", "channel '" + r.get().wire() + "' is disabled in channel-config/"
                        + r.get().channel() + ".yml"));
                continue;
            }
            out.add(r.get());
        }
        return List.copyOf(out);
    }

    // preview

    /**
     * @param channels per channel: how many people it would reach
     * @param skipped  people reached on no channel, by reason
     * @param warnings the known limits the send would meet, in words
     */
    public record Preview(long count, List<SubscriberView> sample, Map<String, Long> channels, Map<String, Long> skipped,
                          List<String> warnings) {
    }

    /** {@code POST /api/segments/preview}: nothing is sent or reserved. */
    public Preview preview(NoticeDraft.SegmentDraft s, List<String> channelNames, String modeName, boolean admin) {
        List<FieldError> errors = new ArrayList<>();
        Notice.Segment segment = segment(s, errors);
        List<Reach> reach = channelNames == null || channelNames.isEmpty() ? List.of() : reach(channelNames, errors);
        Notice.Mode mode = Notice.Mode.parse(modeName);
        if (mode == null) {
            errors.add(new FieldError("mode", "must be fallback or all"));
        }
        if (!errors.isEmpty()) {
            throw HubException.invalid(errors);
        }
        String name = "preview:" + UUID.randomUUID();
        try {
            long count = store.resolve(segment, name, PREVIEW_TTL_SECONDS);
            SubscriberStore.IdPage first = store.segmentPage(name, null, SAMPLE);
            List<String> sampleIds = new ArrayList<>(first.ids());
            String cursor = first.next();
            while (sampleIds.size() < SAMPLE && cursor != null) {
                SubscriberStore.IdPage more = store.segmentPage(name, cursor, SAMPLE - sampleIds.size());
                sampleIds.addAll(more.ids());
                cursor = more.next();
            }
            List<SubscriberView> sample = store.findAll(sampleIds).stream().map(x -> SubscriberView.of(x, admin)).toList();
            Map<String, Long> byChannel = new LinkedHashMap<>();
            Map<String, Long> skipped = new LinkedHashMap<>();
            Map<Reach, Long> quota = new EnumMap<>(Reach.class);
            Map<Reach, Long> taken = new EnumMap<>(Reach.class);
            if (!reach.isEmpty() && count > 0) {
                reach.forEach(r -> byChannel.put(r.wire(), 0L));
                String c = null;
                do {
                    SubscriberStore.IdPage page = store.segmentPage(name, c, 1000);
                    if (!page.ids().isEmpty()) {
                        NoticeAudiences.Decisions d = audiences.decide(store.findAll(page.ids()), reach, mode, false, taken);
                        d.reached.forEach((r, people) -> {
                            byChannel.merge(r.wire(), (long) people.size(), Long::sum);
                            taken.merge(r, (long) people.size(), Long::sum);
                        });
                        for (NoticeRecords.Skipped k : d.skipped) {
                            if (k.channel() == null) {
                                skipped.merge(k.reason().wire(), 1L, Long::sum);
                            } else if (k.reason() == SkipReason.QUOTA) {
                                quota.merge(k.channel(), 1L, Long::sum);
                            }
                        }
                    }
                    c = page.next();
                } while (c != null);
            }
            List<String> warnings = new ArrayList<>();
            quota.forEach((r, n) -> warnings.add(quotaWarning(r, n)));
            return new Preview(count, sample, byChannel, skipped, warnings);
        } finally {
            store.dropSegment(name);
        }
    }

    private String quotaWarning(Reach r, long n) {
        List<String> why = new ArrayList<>();
        if (limits.perAddress(r) > 0) {
            why.add("at most " + limits.perAddress(r) + " a day to one address (hub.notices.per-address-per-day." + r.wire() + ")");
        }
        if (limits.total(r) > 0) {
            why.add("at most " + limits.total(r) + " a day in all (hub.notices.per-day." + r.wire() + ")");
        }
        return r.wire() + ": " + n + " people would go over the platform's limit (" + String.join("; ", why)
                + "); they will be skipped on " + r.wire() + " with reason quota";
    }

    // report

    /** The figures of one channel, or of the notice as a whole. */
    public record Figures(long planned, long sent, long delivered, long failed, long inDoubt, long pending, Map<String, Long> skipped) {
    }

    /**
     * @param targeted the people the segment held when it was resolved ({@code segmentResolvedAt}, in {@code segmentMillis})
     * @param sent     messages sent over all channels (delivered, failed the same)
     * @param skipped  people reached on no channel, by reason, plus messages skipped at sending (opted out since)
     */
    public record Report(String itemId, int version, String state, long targeted, String segmentResolvedAt, long segmentMillis,
                         long sent, long delivered, long failed, long inDoubt, long pending, Map<String, Long> skipped,
                         Map<String, Figures> channels) {
    }

    public Report report(String itemId) {
        Item item = get(itemId);
        int version = item.publishedVersion() > 0 ? item.publishedVersion() : item.version();
        PublicationKey pub = new PublicationKey(itemId, version, Action.PUBLISH);
        String name = NoticeAudiences.name(pub);
        Optional<NoticeRecords.Facts> facts = records.facts(name);
        long targeted = facts.map(NoticeRecords.Facts::targeted).orElse(0L);
        Map<String, Map<SkipReason, Long>> skips = records.skipCounts(name);
        boolean urgent = item.content().urgency() == Urgency.URGENT;
        Map<String, Figures> perChannel = new LinkedHashMap<>();
        long sent = 0, delivered = 0, failed = 0, inDoubt = 0, pending = 0;
        Map<String, Long> top = emptySkips();
        for (String ch : item.content().channels()) {
            Reach r = Reach.ofChannel(ch).orElse(null);
            if (r == null) {
                continue;
            }
            DeliveryStore.Progress p = deliveries.progress(ch, pub);
            Map<String, Long> t = p.terminal();
            long s = t.getOrDefault("SENT", 0L);
            long f = t.getOrDefault("FAILED", 0L) + t.getOrDefault("DEAD", 0L) + t.getOrDefault("REFUSED", 0L);
            long d = t.getOrDefault("IN_DOUBT", 0L);
            long sendSkipped = t.getOrDefault("SKIPPED", 0L);
            long waiting = Math.max(0, p.planned() - p.done());
            Map<String, Long> sk = emptySkips();
            skips.getOrDefault(r.wire(), Map.of()).forEach((why, n) -> sk.merge(why.wire(), n, Long::sum));
            sk.merge(SkipReason.OPTED_OUT.wire(), sendSkipped, Long::sum);
            long quiet = !urgent && inQuietHours(ch) ? waiting : 0;
            sk.put(SkipReason.QUIET_HOURS.wire(), quiet);
            perChannel.put(r.wire(), new Figures(p.planned(), s, p.delivered(), f, d, waiting, sk));
            sent += s;
            delivered += p.delivered();
            failed += f;
            inDoubt += d;
            pending += waiting;
            top.merge(SkipReason.OPTED_OUT.wire(), sendSkipped, Long::sum);
            top.merge(SkipReason.QUIET_HOURS.wire(), quiet, Long::sum);
        }
        skips.getOrDefault("*", Map.of()).forEach((why, n) -> top.merge(why.wire(), n, Long::sum));
        return new Report(itemId, version, item.state().name(), targeted, facts.map(NoticeRecords.Facts::resolvedAt).orElse(null),
                facts.map(NoticeRecords.Facts::tookMillis).orElse(0L), sent, delivered, failed, inDoubt, pending, top, perChannel);
    }

    private boolean inQuietHours(String channel) {
        return channels.settings(channel).flatMap(s -> QuietHours.parse(s.quietHours()))
                .flatMap(q -> q.endIfInside(ZonedDateTime.now(hub.zoneId()))).isPresent();
    }

    private static Map<String, Long> emptySkips() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (SkipReason r : SkipReason.values()) {
            m.put(r.wire(), 0L);
        }
        return m;
    }
}
