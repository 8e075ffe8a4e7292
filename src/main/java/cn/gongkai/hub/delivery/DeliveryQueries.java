package cn.gongkai.hub.delivery;

import cn.gongkai.hub.HubException;
import cn.gongkai.hub.channel.ChannelRegistry;
import cn.gongkai.hub.channel.Target;
import cn.gongkai.hub.channel.TargetSource;
import cn.gongkai.hub.item.Action;
import cn.gongkai.hub.item.ItemStore;
import cn.gongkai.hub.item.PublishRun;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the API shows of deliveries: per item, page by page per state, and the per-channel counters of a year. */
@Singleton
public class DeliveryQueries {
    public static final int MAX_LIMIT = 500;
    static final int PROBLEMS_SHOWN = 50;
    static final EnumSet<DeliveryState> LISTED = EnumSet.of(DeliveryState.DEAD, DeliveryState.IN_DOUBT,
            DeliveryState.FAILED, DeliveryState.REFUSED, DeliveryState.RETRYING);

    private final DeliveryStore store;
    private final ChannelRegistry channels;
    private final ItemStore items;

    DeliveryQueries(DeliveryStore store, ChannelRegistry channels, ItemStore items) {
        this.store = store;
        this.channels = channels;
        this.items = items;
    }

    /**
     * One channel of the item's publication under way or finished last.
     *
     * @param terminal count per terminal state name (SENT, FAILED, …)
     * @param pending  planned and not finished yet (PLANNED, SENDING, RETRYING)
     */
    public record ChannelProgress(String channel, long planned, boolean planComplete, String stopped, Map<String, Long> terminal,
                                  long pending) {
    }

    /** @param version the version of the publication; 0 and no channels when the item was never published */
    public record PublicationProgress(String itemId, int version, List<ChannelProgress> channels) {
        public boolean finished() {
            return channels.stream().allMatch(c -> c.planComplete() && c.pending() == 0);
        }
    }

    /** Per channel of the item's last publication, how far it got: what the console polls while it goes out. */
    public PublicationProgress publication(String itemId) {
        PublishRun run = items.publishing(itemId).orElse(null);
        if (run == null) {
            return new PublicationProgress(itemId, 0, List.of());
        }
        PublicationKey key = new PublicationKey(itemId, run.version(), Action.PUBLISH);
        List<ChannelProgress> out = new ArrayList<>();
        for (String ch : run.channels()) {
            DeliveryStore.Progress p = store.progress(ch, key);
            out.add(new ChannelProgress(ch, p.planned(), p.planComplete(), p.stopped(), p.terminal(), Math.max(0, p.planned() - p.done())));
        }
        return new PublicationProgress(itemId, run.version(), List.copyOf(out));
    }

    /**
     * A page of the item's publication deliveries that reached their targets (SENT, SENDING, IN_DOUBT) on one channel,
     * or on every channel in turn; {@code nextCursor} is null on the last page. A page may be short while it is set.
     */
    public Page reached(String itemId, String channel, String cursor, int limit) {
        Resume from = resume(channel, cursor, limit);
        List<String> names = from.names();
        String fromChannel = from.channel();
        String after = FROM_START.equals(from.after()) ? null : from.after();
        List<DeliveryRecord> out = new ArrayList<>();
        for (int i = names.indexOf(fromChannel); i < names.size(); i++) {
            String ch = names.get(i);
            TargetSource reached = store.reached(ch, itemId);
            String next = after;
            do {
                TargetSource.TargetPage page = reached.page(next, limit - out.size());
                for (Target t : page.targets()) {
                    latestPublish(ch, itemId, t.id()).ifPresent(out::add);
                }
                next = page.next();
            } while (next != null && out.size() < limit);
            if (next != null) {
                return new Page(out, encode(ch, next));
            }
            after = null;
            if (out.size() >= limit && i + 1 < names.size()) {
                return new Page(out, encode(names.get(i + 1), FROM_START));
            }
        }
        return new Page(out, null);
    }

    /** In a cursor of {@link #reached}: the channel's listing from its first target. */
    private static final String FROM_START = "-";

    /** The delivery of the newest published version of the item to this target. */
    private java.util.Optional<DeliveryRecord> latestPublish(String channel, String itemId, String targetId) {
        int newest = items.find(itemId).map(it -> Math.max(it.version(), it.publishedVersion())).orElse(0);
        for (int v = newest; v >= 1; v--) {
            var found = store.find(DeliveryStore.deliveryId(channel, itemId, v, Action.PUBLISH.wire(), targetId));
            if (found.isPresent()) {
                return found;
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * @param byState  counts by state over every publication and withdrawal of the item; PENDING for those not finished
     * @param problems the first {@value #PROBLEMS_SHOWN} in a state a person looks at, with reason and attempts
     */
    public record ChannelDeliveries(long total, Map<String, Long> byState, List<DeliveryRecord> problems) {
    }

    /** Channel → the item's deliveries there; channels the item never went to are left out. */
    public Map<String, ChannelDeliveries> item(String itemId) {
        Map<String, ChannelDeliveries> out = new LinkedHashMap<>();
        for (String ch : channels.settings().keySet()) {
            DeliveryStore.ItemDeliveries d = store.item(ch, itemId, PROBLEMS_SHOWN);
            if (d.total() > 0) {
                out.put(ch, new ChannelDeliveries(d.total(), d.byState(), d.problems()));
            }
        }
        return out;
    }

    /** A page of deliveries needing attention: {@code nextCursor} is null on the last page. */
    public record Page(List<DeliveryRecord> items, String nextCursor) {
    }

    public Page inState(String state, String channel, String cursor, int limit) {
        DeliveryState st;
        try {
            st = DeliveryState.valueOf(state == null ? "" : state.strip().toUpperCase());
        } catch (IllegalArgumentException e) {
            st = null;
        }
        if (st == null || !LISTED.contains(st)) {
            throw HubException.invalid("state", "must be one of " + LISTED + " (per-item lists: /api/items/{id}/deliveries)");
        }
        Resume from = resume(channel, cursor, limit);
        List<String> names = from.names();
        String fromChannel = from.channel();
        String after = from.after();
        List<DeliveryRecord> out = new ArrayList<>();
        String next = null;
        for (int i = names.indexOf(fromChannel); i < names.size() && out.size() < limit; i++) {
            DeliveryStore.StatePage page = store.inState(names.get(i), st, after, limit - out.size());
            out.addAll(page.items());
            if (out.size() >= limit && page.last() != null) {
                next = encode(names.get(i), page.last());
            }
            after = null;
        }
        return new Page(out, next);
    }

    public DeliveryRecord find(String id) {
        return store.find(id).orElseThrow(() -> HubException.notFound("delivery " + id));
    }

    /** One channel's figures for a period: the counters and the distinct items that went out (targeted notices apart). */
    public Map<String, Long> figures(String channel, String period) {
        Map<String, Long> c = store.counters(channel, period);
        Map<String, Long> out = new LinkedHashMap<>();
        out.put("messages", c.getOrDefault("messages", 0L));
        out.put("items", store.countedItems(channel, period).stream().filter(i -> !i.startsWith(DeliveryStore.NOTICE_MEMBER)).count());
        for (String f : List.of("recipients", "parts", "failed", "skipped", "withdrawals")) {
            out.put(f, c.getOrDefault(f, 0L));
        }
        return out;
    }

    /** Where a listing over {@code channel} (null: every channel in turn) goes on from its {@code cursor}. */
    private record Resume(List<String> names, String channel, String after) {
    }

    private Resume resume(String channel, String cursor, int limit) {
        if (channel != null && channels.settings(channel).isEmpty()) {
            throw HubException.invalid("channel", "unknown channel '" + channel + "'");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw HubException.invalid("limit", "must be between 1 and " + MAX_LIMIT);
        }
        List<String> names = channel == null ? List.copyOf(channels.settings().keySet()) : List.of(channel);
        if (cursor == null || cursor.isBlank()) {
            return new Resume(names, names.get(0), null);
        }
        String[] c = decode(cursor);
        if (!names.contains(c[0])) {
            throw HubException.invalid("cursor", "does not belong to this listing (channel " + c[0] + ")");
        }
        return new Resume(names, c[0], c[1]);
    }

    private static String encode(String channel, String member) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((channel + "\n" + member).getBytes(StandardCharsets.UTF_8));
    }

    private static String[] decode(String cursor) {
        try {
            String s = new String(Base64.getUrlDecoder().decode(cursor.strip()), StandardCharsets.UTF_8);
            int nl = s.indexOf('\n');
            if (nl <= 0 || nl == s.length() - 1) {
                throw new IllegalArgumentException("no separator");
            }
            return new String[]{s.substring(0, nl), s.substring(nl + 1)};
        } catch (IllegalArgumentException e) {
            throw HubException.invalid("cursor", "is not a cursor this hub gave out (pass nextCursor of the previous page unchanged)");
        }
    }
}
