package cn.gongkai.hub.delivery;

import jakarta.inject.Singleton;

/**
 * Which slot bucket a delivery lives in: from its id (the hex digest after the channel name), so any instance finds
 * any delivery without a lookup. The count cannot change under existing deliveries: the store records it with the
 * first ones and refuses to start with another.
 */
@Singleton
public class Buckets {
    private final int count;

    public Buckets(DeliverySettings settings) {
        this.count = settings.buckets();
    }

    public int count() {
        return count;
    }

    /** The bucket of a delivery id {@code <channel>.<hex>}. */
    public int of(String deliveryId) {
        int dot = deliveryId.lastIndexOf('.');
        String hex = deliveryId.substring(dot + 1);
        long v = Long.parseLong(hex.substring(0, Math.min(8, hex.length())), 16);
        return (int) (v % count);
    }
}
