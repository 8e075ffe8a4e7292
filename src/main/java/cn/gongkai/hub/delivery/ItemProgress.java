package cn.gongkai.hub.delivery;

import cn.gongkai.hub.item.Action;
import cn.gongkai.hub.item.ItemState;
import cn.gongkai.hub.item.ItemStore;
import cn.gongkai.hub.item.PublishRun;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Moves an item from PUBLISHING to PUBLISHED (every delivery SENT, or SKIPPED because its recipient opted out) or
 * PARTIALLY_PUBLISHED (all finished, some not sent) once every channel's plan is complete and its deliveries are finished, from the progress counters the delivery
 * scripts keep in step with the records.
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

    /** @param channel the channel that just finished a batch (looked at first: most calls stop there), or null */
    void check(PublicationKey pub, String channel) {
        if (pub.action() != Action.PUBLISH) {
            return;
        }
        Optional<PublishRun> run = items.publishing(pub.itemId());
        if (run.isEmpty() || run.get().version() != pub.version()) {
            return;
        }
        List<String> order = new ArrayList<>(run.get().channels());
        if (channel != null && order.remove(channel)) {
            order.add(0, channel);
        }
        long planned = 0;
        long sent = 0;
        long skipped = 0;
        long refused = 0;
        String stopped = null;
        for (String ch : order) {
            DeliveryStore.Progress p = store.progress(ch, pub);
            if (!p.planComplete() || p.done() < p.planned()) {
                return;
            }
            planned += p.planned();
            sent += p.terminal().getOrDefault("SENT", 0L);
            skipped += p.terminal().getOrDefault("SKIPPED", 0L);
            refused += p.terminal().getOrDefault("REFUSED", 0L);
            stopped = stopped == null && p.stopped() != null ? ch + ": " + p.stopped() : stopped;
        }
        // a recipient who opted out got what they asked for: nothing; the item reached everyone else
        ItemState target = sent + skipped == planned && stopped == null ? ItemState.PUBLISHED : ItemState.PARTIALLY_PUBLISHED;
        String reason = target == ItemState.PUBLISHED ? null : (planned - sent - skipped) + " of " + planned + " planned deliveries did not go out"
                + (refused > 0 ? " (" + refused + " refused by the review gate: see the item's review record)" : "")
                + (stopped != null ? "; planning stopped before every target was reached (" + stopped + ")" : "");
        if (items.finishPublishing(pub.itemId(), pub.version(), target, reason)) {
            LOG.info("Item {} v{} {}: {} of {} deliveries sent ({} skipped: opted out) on {}", pub.itemId(), pub.version(), target, sent,
                    planned, skipped, run.get().channels());
        }
    }
}
