package cn.gongkai.hub.subscriber;

import cn.gongkai.hub.redis.HubSecret;
import cn.gongkai.hub.redis.RedisAccess;
import cn.gongkai.hub.redis.RedisKeys;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import jakarta.inject.Singleton;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** One hash per channel and day (address digest → count, {@code *} → total), kept three days. */
@Singleton
class RedisDailySends implements DailySends {
    private static final String TOTAL = "*";
    private static final long KEEP_SECONDS = 3 * 24 * 3600;

    private final RedisAccess redis;
    private final RedisKeys keys;
    private final HubSecret secret;

    RedisDailySends(RedisAccess redis, RedisKeys keys, HubSecret secret) {
        this.redis = redis;
        this.keys = keys;
        this.secret = secret;
    }

    @Override
    public List<Long> counts(String channel, LocalDate day, List<String> addresses) {
        if (addresses.isEmpty()) {
            return List.of();
        }
        List<KeyValue<String, String>> got = redis.sync().hmget(keys.dailySends(channel, day.toString()),
                addresses.stream().map(a -> secret.digest("daily-sends", a)).toArray(String[]::new));
        List<Long> out = new ArrayList<>(got.size());
        for (KeyValue<String, String> kv : got) {
            out.add(kv.hasValue() ? Long.parseLong(kv.getValue()) : 0L);
        }
        return out;
    }

    @Override
    public long total(String channel, LocalDate day) {
        String v = redis.sync().hget(keys.dailySends(channel, day.toString()), TOTAL);
        return v == null ? 0 : Long.parseLong(v);
    }

    @Override
    public void add(String channel, LocalDate day, List<String> addresses) {
        if (addresses.isEmpty()) {
            return;
        }
        String key = keys.dailySends(channel, day.toString());
        RedisClusterAsyncCommands<String, String> a = redis.async();
        List<RedisFuture<?>> f = new ArrayList<>(addresses.size() + 2);
        for (String addr : addresses) {
            f.add(a.hincrby(key, secret.digest("daily-sends", addr), 1));
        }
        f.add(a.hincrby(key, TOTAL, addresses.size()));
        f.add(a.expire(key, KEEP_SECONDS));
        for (RedisFuture<?> x : f) {
            try {
                x.get(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("Redis: " + e.getMessage(), e);
            }
        }
    }
}
