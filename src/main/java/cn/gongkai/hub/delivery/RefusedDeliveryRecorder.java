package cn.gongkai.hub.delivery;

import cn.gongkai.hub.item.Action;
import cn.gongkai.hub.item.ItemStore;
import cn.gongkai.hub.review.RefusedDeliveries;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a refused stream entry carried ends with the gate's reason: the deliveries of a channel entry end REFUSED; a
 * publication request refused before planning takes the item back from PUBLISHING to where it was, with the reason.
 */
@Singleton
class RefusedDeliveryRecorder implements RefusedDeliveries {
    private static final Logger LOG = LoggerFactory.getLogger(RefusedDeliveryRecorder.class);
    private final DeliveryStore store;
    private final ItemProgress progress;
    private final ItemStore items;

    RefusedDeliveryRecorder(DeliveryStore store, ItemProgress progress, ItemStore items) {
        this.store = store;
        this.progress = progress;
        this.items = items;
    }

    @Override
    public void refused(Map<String, String> entry, String reason) {
        String itemId = entry.get("itemId");
        if (itemId == null || entry.get("version") == null) {
            return;
        }
        int version;
        Action action;
        try {
            version = Integer.parseInt(entry.get("version"));
            action = Action.of(entry.get("action"));
        } catch (IllegalArgumentException e) {
            LOG.warn("Refused stream entry for item {} is malformed ({}); nothing to end", itemId, e.getMessage());
            return;
        }
        String deliveries = entry.get("deliveries");
        if (deliveries == null) {
            if (action == Action.PUBLISH && items.abandonPublishing(itemId, version, "the review gate refused the publication: " + reason)) {
                LOG.warn("Item {} v{}: publication refused by the review gate, item moved back: {}", itemId, version, reason);
            }
            return;
        }
        String channel = entry.get("channel");
        if (channel == null) {
            return;
        }
        List<String> ids = new ArrayList<>();
        for (String d : deliveries.split(",")) {
            int colon = d.lastIndexOf(':');
            ids.add(colon > 0 ? d.substring(0, colon) : d);
        }
        store.refuse(channel, ids, "review gate: " + reason);
        progress.check(itemId, version, action);
    }
}
