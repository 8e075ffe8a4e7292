package cn.gongkai.hub.delivery;

import cn.gongkai.hub.item.ItemState;
import cn.gongkai.hub.item.ItemStore;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * Moves an item from PUBLISHING to PUBLISHED (every delivery SENT) or PARTIALLY_PUBLISHED (all finished, some not
 * SENT) from the per-channel progress counters, which the delivery scripts keep in step with the records.
 */
@Singleton
class ItemProgress {
    private static final Logger LOG = LoggerFactory.getLogger(ItemProgress.class);
    private final ItemStore items;
    private final DeliveryStore store;

    ItemProgress(ItemStore items, DeliveryStore store) {
        this.items = items;
        this.store = store;
    }

    void check(String itemId, int version, String action) {
        if (!"publish".equals(action)) {
            return;
        }
        Map<String, String> meta = items.fields(itemId);
        if (meta.isEmpty() || !Integer.toString(version).equals(meta.get("pubVersion"))) {
            return;
        }
        List<String> channels = Arrays.stream(meta.getOrDefault("pubChannels", "").split(",")).filter(s -> !s.isBlank()).toList();
        long planned = 0;
        long sent = 0;
        long done = 0;
        for (String ch : channels) {
            DeliveryStore.Progress p = store.progress(ch, itemId, version, action);
            if (p.planned() == null) {
                return;
            }
            planned += p.planned();
            done += p.done();
            sent += p.terminal().getOrDefault("SENT", 0L);
        }
        if (done < planned) {
            return;
        }
        ItemState target = sent == planned ? ItemState.PUBLISHED : ItemState.PARTIALLY_PUBLISHED;
        String reason = target == ItemState.PUBLISHED ? null : (planned - sent) + " of " + planned + " deliveries did not go out";
        if (items.transition(itemId, version, EnumSet.of(ItemState.PUBLISHING, ItemState.PARTIALLY_PUBLISHED, ItemState.PUBLISHED), target, reason)) {
            items.markPublished(itemId, version);
            LOG.info("Item {} v{} {}: {} of {} deliveries sent on {}", itemId, version, target, sent, planned, channels);
        }
    }
}
