package cn.gongkai.hub.redis;

import io.lettuce.core.RedisException;

/** Lettuce's failures, named for code outside the Redis classes (which may not know Lettuce). */
public final class RedisErrors {
    private RedisErrors() {
    }

    /** Whether {@code e} is Lettuce's: Redis unreachable, timed out, or refusing a command. */
    public static boolean fromRedis(Throwable e) {
        return e instanceof RedisException;
    }
}
