package cn.gongkai.hub.delivery;

import cn.gongkai.hub.redis.LuaScript;
import cn.gongkai.hub.redis.RedisAccess;
import cn.gongkai.hub.redis.RedisKeys;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import jakarta.inject.Singleton;

import java.util.List;

/**
 * The backlog summed over a channel's buckets: each bucket's by-state index
 * ({@code {d:<channel>:<bucket>}:by-state:<STATE>}, kept by the scripts in {@code lua/delivery/}) is counted with
 * ZCARD; each bucket's stream is read with XINFO GROUPS for its consumer group. Redis 7 reports the group's lag
 * itself; before 7 (the embedded 6.2 server) {@code lua/delivery/stream-lag.lua} counts the entries after the group's
 * last-delivered id, up to {@link #LAG_CAP} per bucket, so a large backlog shows as the cap rather than costing a long scan.
 */
@Singleton
class RedisDeliveryBacklog implements DeliveryBacklog {
    /** The consumer group every deliver route reads with: {@code group: hub} in routes/deliver-*.camel.yaml. */
    static final String GROUP = "hub";
    static final int LAG_CAP = 1_000;
    private static final int LAG_PAGE = 100;
    private static final LuaScript LAG = LuaScript.load("delivery/stream-lag.lua");

    private final RedisClusterCommands<String, String> redis;
    private final io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands<String, String> async;
    private final RedisKeys keys;
    private final Buckets buckets;

    RedisDeliveryBacklog(RedisAccess redis, RedisKeys keys, Buckets buckets) {
        this.redis = redis.sync();
        this.async = redis.async();
        this.keys = keys;
        this.buckets = buckets;
    }

    @Override
    public long inState(String channel, DeliveryState state) {
        if (!COUNTED.contains(state)) {
            throw new IllegalArgumentException(state + " is not indexed; countable states are " + COUNTED);
        }
        List<java.util.concurrent.CompletableFuture<Long>> counts = new java.util.ArrayList<>();
        for (int b = 0; b < buckets.count(); b++) {
            counts.add(async.zcard(keys.byState(channel, b, state.name())).toCompletableFuture());
        }
        long n = 0;
        for (var c : counts) {
            n += c.join();
        }
        return n;
    }

    @Override
    public StreamBacklog stream(String channel) {
        long pending = 0;
        long lag = 0;
        for (int b = 0; b < buckets.count(); b++) {
            StreamBacklog one = bucket(keys.deliveryStream(channel, b));
            pending += one.pending();
            lag += one.lag();
        }
        return new StreamBacklog(pending, lag);
    }

    private StreamBacklog bucket(String key) {
        List<Object> groups;
        try {
            groups = redis.xinfoGroups(key);
        } catch (RedisCommandExecutionException e) {
            if (String.valueOf(e.getMessage()).contains("no such key")) {
                return new StreamBacklog(0, 0);
            }
            throw e;
        }
        GroupInfo g = group(groups, GROUP);
        if (g == null) {
            return new StreamBacklog(0, 0);
        }
        if (g.lag() != null) {
            return new StreamBacklog(g.pending(), g.lag());
        }
        Long counted = LAG.call(redis, ScriptOutputType.INTEGER, new String[]{key}, g.lastDeliveredId(),
                Integer.toString(LAG_CAP), Integer.toString(LAG_PAGE));
        return new StreamBacklog(g.pending(), counted == null ? 0 : counted);
    }

    /** One group of an XINFO GROUPS reply; {@code lag} is null when the server does not report it (before 7.0, or unknown). */
    record GroupInfo(String name, long pending, String lastDeliveredId, Long lag) {
    }

    /** The group named {@code name} in an XINFO GROUPS reply (a list of flat field/value lists), or null. */
    static GroupInfo group(List<Object> reply, String name) {
        for (Object o : reply) {
            if (!(o instanceof List<?> fields)) {
                continue;
            }
            String n = null;
            String last = "0-0";
            long pending = 0;
            Long lag = null;
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                Object v = fields.get(i + 1);
                switch (String.valueOf(fields.get(i))) {
                    case "name" -> n = String.valueOf(v);
                    case "pending" -> pending = v instanceof Number x ? x.longValue() : 0;
                    case "last-delivered-id" -> last = String.valueOf(v);
                    case "lag" -> lag = v instanceof Number x ? x.longValue() : null;
                    default -> {
                        // consumers, entries-read: not needed
                    }
                }
            }
            if (name.equals(n)) {
                return new GroupInfo(n, pending, last, lag);
            }
        }
        return null;
    }
}
