package cn.gongkai.hub.delivery;

import cn.gongkai.hub.channel.Channel;
import cn.gongkai.hub.channel.ChannelRegistry;
import cn.gongkai.hub.channel.Target;
import cn.gongkai.hub.item.ItemState;
import cn.gongkai.hub.item.ItemStore;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a publication request (from the {@code publish} stream, after the gate) into deliveries: one per channel
 * and target, with ids derived from (item, version, action, target), so planning twice plans nothing new.
 * A withdrawal goes only to the targets that received (or were being sent) the item.
 */
@Singleton
@Named("deliveryPlanner")
public class DeliveryPlanner {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryPlanner.class);

    private final ChannelRegistry channels;
    private final DeliveryStore store;
    private final ItemStore items;
    private final ItemProgress progress;

    DeliveryPlanner(ChannelRegistry channels, DeliveryStore store, ItemStore items, ItemProgress progress) {
        this.channels = channels;
        this.store = store;
        this.items = items;
        this.progress = progress;
    }

    /** Called by the publish route with a batch of requests. */
    public void plan(List<Map<String, String>> requests) {
        for (Map<String, String> r : requests) {
            plan(r);
        }
    }

    void plan(Map<String, String> r) {
        String itemId = r.get("itemId");
        int version = Integer.parseInt(r.get("version"));
        String action = r.getOrDefault("action", "publish");
        List<String> names = Arrays.stream(r.getOrDefault("channels", "").split(",")).filter(s -> !s.isBlank()).toList();
        if ("publish".equals(action)) {
            items.transition(itemId, version, EnumSet.of(ItemState.APPROVED, ItemState.PUBLISHED, ItemState.PARTIALLY_PUBLISHED),
                    ItemState.PUBLISHING, null);
            Map<String, String> f = new LinkedHashMap<>();
            f.put("pubVersion", Integer.toString(version));
            f.put("pubChannels", String.join(",", names));
            f.put("scheduledAt", "");
            items.setFields(itemId, f);
        }
        Map<String, Long> planned = new LinkedHashMap<>();
        for (String name : names) {
            Channel ch = channels.channel(name).orElse(null);
            if (ch == null) {
                LOG.error("Item {} v{}: channel {} has no implementation; nothing planned there", itemId, version, name);
                continue;
            }
            List<Target> targets = "withdraw".equals(action) ? received(name, itemId) : ch.targets();
            planned.put(name, store.plan(name, itemId, version, action, targets));
        }
        LOG.info("Item {} v{} {}: deliveries per channel {}", itemId, version, action, planned);
        progress.check(itemId, version, action);
    }

    /** Targets on a channel that were sent (or were being sent) a publication of the item. */
    private List<Target> received(String channel, String itemId) {
        List<Target> out = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (DeliveryRecord d : store.forItem(channel, itemId)) {
            if ("publish".equals(d.action()) && (d.state() == DeliveryState.SENT || d.state() == DeliveryState.SENDING)
                    && seen.add(d.targetId())) {
                out.add(new Target(d.targetId(), d.targetAddress(), d.targetLabel()));
            }
        }
        return out;
    }
}
