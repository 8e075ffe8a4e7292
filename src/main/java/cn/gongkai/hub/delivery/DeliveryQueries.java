package cn.gongkai.hub.delivery;

import cn.gongkai.hub.HubException;
import cn.gongkai.hub.channel.ChannelRegistry;
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

    DeliveryQueries(DeliveryStore store, ChannelRegistry channels) {
        this.store = store;
        this.channels = channels;
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
        if (channel != null && channels.settings(channel).isEmpty()) {
            throw HubException.invalid("channel", "unknown channel '" + channel + "'");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw HubException.invalid("limit", "must be between 1 and " + MAX_LIMIT);
        }
        List<String> names = channel == null ? List.copyOf(channels.settings().keySet()) : List.of(channel);
        String fromChannel = names.get(0);
        String after = null;
        if (cursor != null && !cursor.isBlank()) {
            String[] c = decode(cursor);
            if (!names.contains(c[0])) {
                throw HubException.invalid("cursor", "does not belong to this listing (channel " + c[0] + ")");
            }
            fromChannel = c[0];
            after = c[1];
        }
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
