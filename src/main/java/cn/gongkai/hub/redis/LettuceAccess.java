package cn.gongkai.hub.redis;

/** The two {@link RedisAccess} this hub makes; closed with the hub (a cluster's client is its own to end). */
sealed interface LettuceAccess extends RedisAccess, AutoCloseable permits StandaloneAccess, ClusterAccess {
    @Override
    void close();
}
