package cn.gongkai.hub.camel;

import cn.gongkai.hub.camel.stream.RedisStreamComponent;
import cn.gongkai.hub.delivery.InstanceId;
import cn.gongkai.hub.redis.RedisKeys;
import io.lettuce.core.RedisClient;
import jakarta.inject.Singleton;
import org.apache.camel.CamelContext;

/** Registers {@code redis-stream:} with stream keys from {@link RedisKeys} and this instance's consumer name. */
@Singleton
class RedisStreamSetup implements CamelSetup {
    private final RedisClient client;
    private final RedisKeys keys;
    private final InstanceId instance;

    RedisStreamSetup(RedisClient client, RedisKeys keys, InstanceId instance) {
        this.client = client;
        this.keys = keys;
        this.instance = instance;
    }

    @Override
    public void configure(CamelContext camel) {
        camel.addComponent("redis-stream", new RedisStreamComponent(client, keys::stream, instance.value()));
    }
}
