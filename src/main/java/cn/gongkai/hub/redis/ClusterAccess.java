package cn.gongkai.hub.redis;

import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

import java.util.concurrent.TimeUnit;

/**
 * A Redis Cluster: commands go to the master of their key's slot; the shared connection and every one from
 * {@link #connect()} follow the topology as the client refreshes it. Owns the client: {@link #close()} ends both.
 */
final class ClusterAccess implements LettuceAccess {
    private final RedisClusterClient client;
    private final StatefulRedisClusterConnection<String, String> shared;

    ClusterAccess(RedisClusterClient client, StatefulRedisClusterConnection<String, String> shared) {
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
        return ((StatefulRedisClusterConnection<String, String>) connection).sync();
    }

    @Override
    @SuppressWarnings("unchecked")
    public RedisClusterAsyncCommands<String, String> async(StatefulConnection<String, String> connection) {
        return ((StatefulRedisClusterConnection<String, String>) connection).async();
    }

    @Override
    public boolean cluster() {
        return true;
    }

    /** The masters the client knows now. */
    long masters() {
        return client.getPartitions().stream().filter(n -> n.getRole().isUpstream()).count();
    }

    @Override
    public void close() {
        shared.close();
        client.shutdown(0, 5, TimeUnit.SECONDS);
    }
}
