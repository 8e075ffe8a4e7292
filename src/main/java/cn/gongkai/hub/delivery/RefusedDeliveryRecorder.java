package cn.gongkai.hub.delivery;

import cn.gongkai.hub.review.RefusedDeliveries;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Ends the deliveries of a stream entry the gate refused as REFUSED, with the gate's reason. */
@Singleton
class RefusedDeliveryRecorder implements RefusedDeliveries {
    private final DeliveryStore store;
    private final ItemProgress progress;

    RefusedDeliveryRecorder(DeliveryStore store, ItemProgress progress) {
        this.store = store;
        this.progress = progress;
    }

    @Override
    public void refused(Map<String, String> entry, String reason) {
        String channel = entry.get("channel");
        String deliveries = entry.get("deliveries");
        if (channel == null || deliveries == null) {
            return;
        }
        List<String> ids = new ArrayList<>();
        for (String d : deliveries.split(",")) {
            int colon = d.lastIndexOf(':');
            ids.add(colon > 0 ? d.substring(0, colon) : d);
        }
        store.refuse(channel, ids, "review gate: " + reason);
        progress.check(entry.get("itemId"), Integer.parseInt(entry.get("version")), entry.getOrDefault("action", "publish"));
    }
}
