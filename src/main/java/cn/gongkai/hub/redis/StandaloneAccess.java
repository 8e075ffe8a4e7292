package cn.gongkai.hub.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

/** One server (embedded or external): the hub's shared connection, and new ones from the same client. */
final class StandaloneAccess implements LettuceAccess {
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> shared;

    StandaloneAccess(RedisClient client, StatefulRedisConnection<String, String> shared) {
        this.client = client;
        this.shared = shared;
    }

    @Override
    public RedisClusterCommands<String, String> sync() {
        return shared.sync();
    }

    @Override
    public RedisClusterAsyncCommands<String, String> async() {
        return shared.async();
    }

    @Override
    public StatefulConnection<String, String> connect() {
        return client.connect();
    }

    @Override
    @SuppressWarnings("unchecked")
    public RedisClusterCommands<String, String> sync(StatefulConnection<String, String> connection) {
        return ((StatefulRedisConnection<String, String>) connection).sync();
    }

    @Override
    @SuppressWarnings("unchecked")
    public RedisClusterAsyncCommands<String, String> async(StatefulConnection<String, String> connection) {
        return ((StatefulRedisConnection<String, String>) connection).async();
    }

    @Override
    public boolean cluster() {
        return false;
    }

    /** The client and the shared connection are beans of their own, ended by their own destroy methods. */
    @Override
    public void close() {
    }
}
