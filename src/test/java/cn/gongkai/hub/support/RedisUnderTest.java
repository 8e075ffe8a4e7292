package cn.gongkai.hub.support;

/** A Redis a test started, one server ({@link TestRedis}) or a cluster ({@link TestRedisCluster}), for {@link TestHub}. */
public interface RedisUnderTest {

    /** The {@code HUB_REDIS_URI} of a hub on it, with the password. */
    String uri();
}
