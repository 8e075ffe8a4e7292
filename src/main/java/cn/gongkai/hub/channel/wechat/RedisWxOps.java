package cn.gongkai.hub.channel.wechat;

import cn.gongkai.hub.redis.LuaScript;
import cn.gongkai.hub.redis.RedisAccess;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import me.chanjar.weixin.common.redis.BaseWxRedisOps;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;

/**
 * WxJava's Redis operations ({@code WxRedisOps}: WxJava ships Jedis, Redisson and Spring ones) over the hub's Lettuce
 * connection, with a lock every instance sees: {@code SET lock <holder> NX PX <lease>}, released by a script only by
 * its holder, so two instances never fetch the token at once and a holder that died frees it after the lease.
 */
final class RedisWxOps extends BaseWxRedisOps {
    private static final LuaScript UNLOCK = LuaScript.load("wechat/unlock.lua");
    private static final long POLL_MILLIS = 20;

    private final RedisAccess redis;
    private final Duration lease;
    private final String instance = UUID.randomUUID().toString();

    RedisWxOps(RedisAccess redis, Duration lease) {
        this.redis = redis;
        this.lease = lease;
    }

    @Override
    public String getValue(String key) {
        return redis.sync().get(key);
    }

    @Override
    public void setValue(String key, String value, int expire, TimeUnit timeUnit) {
        redis.sync().set(key, value, SetArgs.Builder.px(Math.max(1, timeUnit.toMillis(expire))));
    }

    /** Seconds left; null when there is no such key (Redis: -2), so WxJava takes the token as expired. */
    @Override
    public Long getExpire(String key) {
        long ms = redis.sync().pttl(key);
        return ms < 0 ? null : ms / 1000;
    }

    @Override
    public void expire(String key, int expire, TimeUnit timeUnit) {
        if (expire <= 0) {
            redis.sync().del(key);
        } else {
            redis.sync().pexpire(key, timeUnit.toMillis(expire));
        }
    }

    @Override
    public Lock getLock(String key) {
        return new SharedLock(key);
    }

    /** Not reentrant; the holder is this instance and thread, so only the thread that took it releases it. */
    private final class SharedLock implements Lock {
        private final String key;

        SharedLock(String key) {
            this.key = key;
        }

        private String holder() {
            return instance + ":" + Thread.currentThread().getId();
        }

        @Override
        public boolean tryLock() {
            return "OK".equals(redis.sync().set(key, holder(), SetArgs.Builder.nx().px(lease.toMillis())));
        }

        @Override
        public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
            long deadline = System.nanoTime() + unit.toNanos(time);
            while (true) {
                if (tryLock()) {
                    return true;
                }
                if (System.nanoTime() >= deadline) {
                    return false;
                }
                TimeUnit.MILLISECONDS.sleep(Math.min(POLL_MILLIS, Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()))));
            }
        }

        @Override
        public void lock() {
            // at the latest the holder's lease runs out
            while (!tryLock()) {
                try {
                    TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the WeChat token lock", e);
                }
            }
        }

        @Override
        public void lockInterruptibly() throws InterruptedException {
            while (!tryLock()) {
                TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
            }
        }

        @Override
        public void unlock() {
            UNLOCK.call(redis.sync(), ScriptOutputType.INTEGER, new String[]{key}, holder());
        }

        @Override
        public Condition newCondition() {
            throw new UnsupportedOperationException("conditions of a Redis lock");
        }
    }
}
