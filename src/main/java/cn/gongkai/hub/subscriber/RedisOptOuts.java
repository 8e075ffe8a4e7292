package cn.gongkai.hub.subscriber;

import cn.gongkai.hub.redis.RedisAccess;
import cn.gongkai.hub.redis.RedisKeys;
import io.lettuce.core.KeyValue;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Opt-outs in Redis: one hash per channel ({@code {optout:<channel>}}: address → {@code <at> <source>}), read with one
 * HMGET per batch, and every opt-out appended to {@code optout-log} (a stream, never trimmed).
 */
@Singleton
class RedisOptOuts implements OptOuts {
    private static final Logger LOG = LoggerFactory.getLogger(RedisOptOuts.class);

    private final RedisAccess redis;
    private final RedisKeys keys;

    RedisOptOuts(RedisAccess redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    @Override
    public void optOut(String channel, String address, String source, Instant at) {
        redis.sync().hset(keys.optOuts(channel), address, at + " " + source);
        redis.sync().xadd(keys.optOutLog(), Map.of("channel", channel, "address", address, "source", source, "at", at.toString()));
        LOG.info("Opt-out on {} from {} ({})", channel, mask(address), source);
    }

    @Override
    public Set<String> optedOut(String channel, Collection<String> addresses) {
        Set<String> out = new HashSet<>();
        if (addresses.isEmpty()) {
            return out;
        }
        List<KeyValue<String, String>> found = redis.sync().hmget(keys.optOuts(channel), addresses.toArray(String[]::new));
        for (KeyValue<String, String> kv : found) {
            if (kv.hasValue()) {
                out.add(kv.getKey());
            }
        }
        return out;
    }

    /** A number or address as the log shows it: the middle hidden. */
    static String mask(String address) {
        if (address == null || address.length() < 7) {
            return "***";
        }
        return address.substring(0, 3) + "****" + address.substring(address.length() - 4);
    }
}
