package cn.gongkai.hub.subscriber;

import cn.gongkai.hub.redis.HubSecret;
import cn.gongkai.hub.redis.RedisAccess;
import cn.gongkai.hub.redis.RedisKeys;
import io.lettuce.core.KeyValue;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Opt-outs in Redis: one hash per channel ({@code {optout:<channel>}}: address → {@code <at> <source>}, or
 * {@code #<digest>} → the same for an erased person), read with one HMGET per batch, and every opt-out appended to
 * {@code optout-log} (a stream, never trimmed) with the address masked and its digest.
 */
@Singleton
class RedisOptOuts implements OptOuts {
    private static final Logger LOG = LoggerFactory.getLogger(RedisOptOuts.class);
    private static final String PURPOSE = "opt-out";

    private final RedisAccess redis;
    private final RedisKeys keys;
    private final HubSecret secret;

    RedisOptOuts(RedisAccess redis, RedisKeys keys, HubSecret secret) {
        this.redis = redis;
        this.keys = keys;
        this.secret = secret;
    }

    private String digest(String address) {
        return "#" + secret.digest(PURPOSE, address);
    }

    @Override
    public void optOut(String channel, String address, String source, Instant at) {
        redis.sync().hset(keys.optOuts(channel), address, at + " " + source);
        redis.sync().xadd(keys.optOutLog(), Map.of("channel", channel, "address", Masking.address(address), "digest", digest(address),
                "source", source, "at", at.toString()));
        LOG.info("Opt-out on {} from {} ({})", channel, Masking.address(address), source);
    }

    @Override
    public Set<String> optedOut(String channel, Collection<String> addresses) {
        return new HashSet<>(optedOutAt(channel, addresses).keySet());
    }

    @Override
    public Map<String, Instant> optedOutAt(String channel, Collection<String> addresses) {
        Map<String, Instant> out = new HashMap<>();
        if (addresses.isEmpty()) {
            return out;
        }
        List<String> fields = new ArrayList<>(addresses.size() * 2);
        List<String> owners = new ArrayList<>(addresses.size() * 2);
        for (String a : addresses) {
            fields.add(a);
            owners.add(a);
            fields.add(digest(a));
            owners.add(a);
        }
        List<KeyValue<String, String>> found = redis.sync().hmget(keys.optOuts(channel), fields.toArray(String[]::new));
        for (int i = 0; i < found.size(); i++) {
            KeyValue<String, String> kv = found.get(i);
            if (kv.hasValue()) {
                out.putIfAbsent(owners.get(i), at(kv.getValue()));
            }
        }
        return out;
    }

    @Override
    public void forget(String channel, String address) {
        String v = redis.sync().hget(keys.optOuts(channel), address);
        if (v != null) {
            redis.sync().hset(keys.optOuts(channel), digest(address), v);
            redis.sync().hdel(keys.optOuts(channel), address);
        }
    }

    private static Instant at(String value) {
        int sp = value.indexOf(' ');
        try {
            return Instant.parse(sp < 0 ? value : value.substring(0, sp));
        } catch (java.time.format.DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }

    /** A number or address as the log shows it: the middle hidden. */
    static String mask(String address) {
        return Masking.address(address);
    }
}
