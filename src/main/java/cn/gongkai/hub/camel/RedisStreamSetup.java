package cn.gongkai.hub.camel;

import cn.gongkai.hub.camel.stream.RedisStreamComponent;
import cn.gongkai.hub.camel.stream.StreamConnections;
import cn.gongkai.hub.delivery.InstanceId;
import cn.gongkai.hub.redis.RedisAccess;
import cn.gongkai.hub.redis.RedisKeys;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import jakarta.inject.Singleton;
import org.apache.camel.CamelContext;

/**
 * Registers {@code redis-stream:} with the hub's connections (one server or a cluster), stream keys from
 * {@link RedisKeys} (a channel's bucket streams, or the publish stream) and this instance's consumer name.
 */
@Singleton
class RedisStreamSetup implements CamelSetup {
    private final RedisAccess redis;
    private final RedisKeys keys;
    private final InstanceId instance;

    RedisStreamSetup(RedisAccess redis, RedisKeys keys, InstanceId instance) {
        this.redis = redis;
        this.keys = keys;
        this.instance = instance;
    }

    @Override
    public void configure(CamelContext camel) {
        StreamConnections connections = new StreamConnections() {
            @Override
            public StatefulConnection<String, String> open() {
                return redis.connect();
            }

            @Override
            public RedisClusterCommands<String, String> sync(StatefulConnection<String, String> c) {
                return redis.sync(c);
            }

            @Override
            public RedisClusterAsyncCommands<String, String> async(StatefulConnection<String, String> c) {
                return redis.async(c);
            }

            @Override
            public boolean multiKeyReads() {
                return !redis.cluster();
            }
        };
        camel.addComponent("redis-stream", new RedisStreamComponent(connections,
                (name, bucket) -> bucket < 0 ? keys.stream(name) : keys.deliveryStream(name, bucket), instance.value()));
    }
}
