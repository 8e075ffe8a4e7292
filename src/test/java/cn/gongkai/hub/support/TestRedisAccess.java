package cn.gongkai.hub.support;

import cn.gongkai.hub.redis.RedisAccess;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

/** The hub's {@link RedisAccess} over one standalone connection, for store tests that run without a whole hub. */
public final class TestRedisAccess implements RedisAccess, AutoCloseable {
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> shared;

    public TestRedisAccess(String uri) {
        this.client = RedisClient.create(uri);
        this.shared = client.connect();
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
    public RedisClusterCommands<String, String> sync(StatefulConnection<String, String> c) {
        return ((StatefulRedisConnection<String, String>) c).sync();
    }

    @Override
    public RedisClusterAsyncCommands<String, String> async(StatefulConnection<String, String> c) {
        return ((StatefulRedisConnection<String, String>) c).async();
    }

    @Override
    public boolean cluster() {
        return false;
    }

    /** Closes the shared connection only: commands on it then fail at once, as in an outage. */
    public void closeConnection() {
        shared.close();
    }

    @Override
    public void close() {
        shared.close();
        client.shutdown();
    }
}
