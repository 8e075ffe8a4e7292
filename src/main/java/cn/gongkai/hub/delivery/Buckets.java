package cn.gongkai.hub.delivery;

import cn.gongkai.hub.channel.ConfigException;
import cn.gongkai.hub.redis.RedisAccess;
import cn.gongkai.hub.redis.RedisKeys;
import io.lettuce.core.SetArgs;
import jakarta.inject.Singleton;

/**
 * Which slot bucket a delivery lives in: from its id (the hex digest after the channel name), so any instance finds
 * any delivery without a lookup. The count is written to Redis with the first deliveries and checked at every start:
 * a different count would lose sight of deliveries already written.
 */
@Singleton
public class Buckets {
    private final int count;

    Buckets(DeliverySettings settings, RedisAccess redis, RedisKeys keys) {
        this.count = settings.buckets();
        String key = keys.deliveryBuckets();
        redis.sync().set(key, Integer.toString(count), SetArgs.Builder.nx());
        String stored = redis.sync().get(key);
        if (stored != null && !stored.equals(Integer.toString(count))) {
            throw new ConfigException("hub.delivery.buckets is " + count + " but the deliveries in Redis were written with " + stored
                    + " buckets; set HUB_DELIVERY_BUCKETS=" + stored + " (the count cannot change under existing data)");
        }
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
