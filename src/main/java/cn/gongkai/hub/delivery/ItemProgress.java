package cn.gongkai.hub.delivery;

import cn.gongkai.hub.item.Action;
import cn.gongkai.hub.item.ItemState;
import cn.gongkai.hub.item.ItemStore;
import cn.gongkai.hub.item.PublishRun;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

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

    void check(String itemId, int version, Action action) {
        if (action != Action.PUBLISH) {
            return;
        }
        Optional<PublishRun> run = items.publishing(itemId);
        if (run.isEmpty() || run.get().version() != version) {
            return;
        }
        long planned = 0;
        long sent = 0;
        long done = 0;
        long refused = 0;
        for (String ch : run.get().channels()) {
            DeliveryStore.Progress p = store.progress(ch, itemId, version, action);
            if (p.planned() == null) {
                return;
            }
            planned += p.planned();
            done += p.done();
            sent += p.terminal().getOrDefault("SENT", 0L);
            refused += p.terminal().getOrDefault("REFUSED", 0L);
        }
        if (done < planned) {
            return;
        }
        ItemState target = sent == planned ? ItemState.PUBLISHED : ItemState.PARTIALLY_PUBLISHED;
        String reason = target == ItemState.PUBLISHED ? null : (planned - sent) + " of " + planned + " deliveries did not go out"
                + (refused > 0 ? " (" + refused + " refused by the review gate: see the item's review record)" : "");
        if (items.finishPublishing(itemId, version, target, reason)) {
            LOG.info("Item {} v{} {}: {} of {} deliveries sent on {}", itemId, version, target, sent, planned, run.get().channels());
        }
    }
}
