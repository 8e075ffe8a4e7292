package cn.gongkai.hub.support;

import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

/** A Redis a test started, one server ({@link TestRedis}) or a cluster ({@link TestRedisCluster}), for {@link TestHub}. */
public interface RedisUnderTest extends AutoCloseable {

    /** The {@code HUB_REDIS_URI} of a hub on it, with the password. */
    String uri();

    /** Commands for the test itself (single-slot ones: they must work on both). */
    RedisClusterCommands<String, String> sync();

    @Override
    void close();
}
