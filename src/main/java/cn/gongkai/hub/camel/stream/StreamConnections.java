package cn.gongkai.hub.camel.stream;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

/**
 * Where the component gets its connections: one per consumer thread (its blocking reads hold it) and one shared by the
 * producers. Works for a single Redis and for a Redis Cluster.
 */
public interface StreamConnections {

    StatefulConnection<String, String> open();

    RedisClusterCommands<String, String> sync(StatefulConnection<String, String> connection);

    RedisClusterAsyncCommands<String, String> async(StatefulConnection<String, String> connection);

    /**
     * Whether one XREADGROUP may name several of the component's streams: true on a single server; false on a cluster,
     * where streams of different slots must be read one at a time.
     */
    boolean multiKeyReads();

    /** Connections to one Redis server. */
    static StreamConnections of(RedisClient client) {
        return new StreamConnections() {
            @Override
            public StatefulConnection<String, String> open() {
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
            public boolean multiKeyReads() {
                return true;
            }
        };
    }
}
