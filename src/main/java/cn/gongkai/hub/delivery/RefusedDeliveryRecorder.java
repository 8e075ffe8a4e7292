package cn.gongkai.hub.delivery;

import cn.gongkai.hub.item.Action;
import cn.gongkai.hub.item.ItemStore;
import cn.gongkai.hub.review.RefusedDeliveries;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;

/**
 * What a refused stream entry carried ends with the gate's reason: the deliveries of a channel entry end REFUSED; a
 * publication request refused before planning takes the item back from PUBLISHING to where it was; a request to plan
 * further pages of a publication stops its planning (the item ends PARTIALLY_PUBLISHED, saying why).
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
        DeliveryBatch b;
        PublicationRequest r;
        try {
            b = entry.containsKey("deliveries") ? DeliveryBatch.of(entry) : null;
            r = b == null ? PublicationRequest.of(entry) : null;
        } catch (IllegalArgumentException e) {
            // an entry the hub did not write (a hand-made one) has nothing to end
            LOG.warn("Refused stream entry {} is malformed ({}); nothing to end", List.of(entry), e.getMessage());
            return;
        }
        if (b != null) {
            store.refuse(b.channel(), b.bucket(), b.publication(), b.deliveries().stream().map(DeliveryRef::id).toList(), "review gate: " + reason);
            progress.check(b.publication(), b.channel());
            return;
        }
        PublicationKey pub = new PublicationKey(r.itemId(), r.version(), r.action());
        if (r.continuation()) {
            for (String channel : r.channels()) {
                store.planStopped(channel, pub, "the review gate refused the rest: " + reason);
            }
            progress.check(pub, null);
        } else if (r.action() == Action.PUBLISH && items.abandonPublishing(r.itemId(), r.version(), "the review gate refused the publication: " + reason)) {
            LOG.warn("Item {} v{}: publication refused by the review gate, item moved back: {}", r.itemId(), r.version(), reason);
        }
    }
}
