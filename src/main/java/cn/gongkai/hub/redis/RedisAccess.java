package cn.gongkai.hub.redis;

import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

/**
 * The hub's way to Redis, the same whether it is one server (embedded or external) or a Redis Cluster. Stores use
 * {@link #sync()} / {@link #async()} on one shared connection; anything that blocks (a stream read with BLOCK) takes
 * a connection of its own with {@link #connect()}, so it never holds up the shared one.
 *
 * <p>The command types are Lettuce's cluster-compatible interfaces, which both a standalone and a cluster connection
 * implement: only single-slot commands are on them, so code written against them runs on both.
 */
public interface RedisAccess {

    RedisClusterCommands<String, String> sync();

    RedisClusterAsyncCommands<String, String> async();

    /** A new connection for one user (a blocking reader); the caller closes it. */
    StatefulConnection<String, String> connect();

    /** The synchronous commands of a connection from {@link #connect()}. */
    RedisClusterCommands<String, String> sync(StatefulConnection<String, String> connection);

    /** The asynchronous commands of a connection from {@link #connect()}. */
    RedisClusterAsyncCommands<String, String> async(StatefulConnection<String, String> connection);

    /** Whether this is a Redis Cluster (commands on keys of different slots must not be combined). */
    boolean cluster();
}
