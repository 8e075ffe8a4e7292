package cn.gongkai.hub.subscriber;

import cn.gongkai.hub.redis.LuaScript;
import cn.gongkai.hub.redis.RedisAccess;
import cn.gongkai.hub.redis.RedisKeys;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Notice facts in a hash per publication; skips per subscriber bucket ({@code lua/subscriber/notice-skips.lua}). */
@Singleton
class RedisNoticeRecords implements NoticeRecords {
    private static final LuaScript SKIPS = LuaScript.load("subscriber/notice-skips.lua");

    private final RedisAccess redis;
    private final RedisKeys keys;
    private final SubscriberSettings settings;

    RedisNoticeRecords(RedisAccess redis, RedisKeys keys, SubscriberSettings settings) {
        this.redis = redis;
        this.keys = keys;
        this.settings = settings;
    }

    @Override
    public void resolved(String publication, long targeted, long tookMillis) {
        redis.sync().hset(keys.noticeFacts(publication), Map.of("targeted", Long.toString(targeted),
                "resolvedAt", Instant.now().toString(), "tookMillis", Long.toString(tookMillis)));
        redis.sync().sadd(keys.noticePublications(), publication);
    }

    @Override
    public java.util.Set<String> publications() {
        return redis.sync().smembers(keys.noticePublications());
    }

    @Override
    public Optional<Facts> facts(String publication) {
        Map<String, String> h = redis.sync().hgetall(keys.noticeFacts(publication));
        if (h == null || !h.containsKey("resolvedAt")) {
            return Optional.empty();
        }
        return Optional.of(new Facts(Long.parseLong(h.getOrDefault("targeted", "0")), h.get("resolvedAt"),
                Long.parseLong(h.getOrDefault("tookMillis", "0"))));
    }

    @Override
    public void skipped(int bucket, String publication, List<Skipped> skips) {
        if (skips.isEmpty()) {
            return;
        }
        String[] args = new String[skips.size() * 3];
        for (int i = 0; i < skips.size(); i++) {
            Skipped s = skips.get(i);
            args[3 * i] = s.subscriberId();
            args[3 * i + 1] = s.channel() == null ? "*" : s.channel().wire();
            args[3 * i + 2] = s.reason().wire();
        }
        SKIPS.call(redis.sync(), ScriptOutputType.INTEGER,
                new String[]{keys.noticeSkips(bucket, publication), keys.noticeSkipCounts(bucket, publication)}, args);
    }

    @Override
    public Map<String, Map<SkipReason, Long>> skipCounts(String publication) {
        RedisClusterAsyncCommands<String, String> a = redis.async();
        List<RedisFuture<Map<String, String>>> parts = new ArrayList<>(settings.buckets());
        for (int b = 0; b < settings.buckets(); b++) {
            parts.add(a.hgetall(keys.noticeSkipCounts(b, publication)));
        }
        Map<String, Map<SkipReason, Long>> out = new TreeMap<>();
        for (RedisFuture<Map<String, String>> f : parts) {
            Map<String, String> h;
            try {
                h = f.get(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("Redis: " + e.getMessage(), e);
            }
            h.forEach((field, n) -> {
                int bar = field.indexOf('|');
                out.computeIfAbsent(field.substring(0, bar), c -> new EnumMap<>(SkipReason.class))
                        .merge(SkipReason.ofWire(field.substring(bar + 1)), Long.parseLong(n), Long::sum);
            });
        }
        return out;
    }
}
