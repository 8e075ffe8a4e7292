package cn.gongkai.hub.delivery;

import cn.gongkai.hub.channel.Rate;
import cn.gongkai.hub.redis.LuaScript;
import cn.gongkai.hub.redis.RedisAccess;
import cn.gongkai.hub.redis.RedisKeys;
import io.lettuce.core.ScriptOutputType;
import jakarta.inject.Singleton;

import java.util.List;

/** The limit's next slot kept in Redis ({@code lua/rate/reserve.lua}), on the server's clock, so instances agree. */
@Singleton
class RedisRateLimiter implements RateLimiter {
    private static final LuaScript RESERVE = LuaScript.load("rate/reserve.lua");

    private final RedisAccess redis;
    private final RedisKeys keys;

    RedisRateLimiter(RedisAccess redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    @Override
    public Reservation reserve(String name, Rate rate, int wanted) {
        long interval = rate.intervalMicros();
        List<Object> r = RESERVE.call(redis.sync(), ScriptOutputType.MULTI, new String[]{keys.rate(name)},
                Long.toString(interval), "1", Integer.toString(wanted));
        return new Reservation(Long.parseLong(String.valueOf(r.get(0))), Long.parseLong(String.valueOf(r.get(1))), interval);
    }
}
