package cn.gongkai.hub.delivery;

import cn.gongkai.hub.channel.Channel;
import cn.gongkai.hub.channel.ChannelRegistry;
import cn.gongkai.hub.channel.Target;
import cn.gongkai.hub.item.Action;
import cn.gongkai.hub.item.ItemStore;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a publication request (from the {@code publish} stream, after the gate) into deliveries: one per channel
 * and target, with ids derived from (item, version, action, target), so planning twice plans nothing new.
 * A withdrawal goes to every target that received, may have received (IN_DOUBT) or is being sent a publication of
 * the item; a target a publication reaches after its withdrawal was planned gets its withdrawal then
 * ({@link #withdrawLate}).
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

    /** Called by the publish route with a batch of requests the gate let through. */
    public void plan(List<Map<String, String>> entries) {
        for (Map<String, String> e : entries) {
            plan(PublicationRequest.of(e));
        }
    }

    void plan(PublicationRequest r) {
        if (r.action() == Action.PUBLISH && !items.startPublishing(r.itemId(), r.version(), r.channels())) {
            LOG.warn("Item {} v{}: publication request {} by {} not planned: the item is no longer an approved current version",
                    r.itemId(), r.version(), r.id(), r.requestedBy());
            return;
        }
        Map<String, Long> planned = new LinkedHashMap<>();
        for (String name : r.channels()) {
            Channel ch = channels.channel(name).orElse(null);
            if (ch == null) {
                LOG.error("Item {} v{}: channel {} has no implementation; nothing planned there", r.itemId(), r.version(), name);
                continue;
            }
            // a withdrawal only adds what is missing: withdrawLate may have planned some of it already
            planned.put(name, r.action() == Action.WITHDRAW
                    ? store.planMore(name, r.itemId(), r.version(), r.action(), reached(name, r.itemId()))
                    : store.plan(name, r.itemId(), r.version(), r.action(), ch.targets()));
        }
        LOG.info("Item {} v{} {}: deliveries per channel {}", r.itemId(), r.version(), r.action().wire(), planned);
        progress.check(r.itemId(), r.version(), r.action());
    }

    /**
     * A publication batch finished after the item was withdrawn: the targets it reached get their withdrawal too
     * (the withdrawal was planned before they were sent).
     */
    void withdrawLate(String channel, String itemId, int withdrawnVersion, List<Target> sent) {
        long added = store.planMore(channel, itemId, withdrawnVersion, Action.WITHDRAW, sent);
        if (added > 0) {
            LOG.info("Item {}: {} {} deliveries went out while it was being withdrawn; their withdrawal is planned", itemId, added, channel);
        }
    }

    /** Targets on a channel that were sent, may have been sent, or are being sent a publication of the item. */
    private List<Target> reached(String channel, String itemId) {
        List<Target> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (DeliveryRecord d : store.forItem(channel, itemId)) {
            boolean reached = d.state() == DeliveryState.SENT || d.state() == DeliveryState.SENDING || d.state() == DeliveryState.IN_DOUBT;
            if (d.action() == Action.PUBLISH && reached && seen.add(d.targetId())) {
                out.add(new Target(d.targetId(), d.targetAddress(), d.targetLabel()));
            }
        }
        return out;
    }
}
