package cn.gongkai.hub.redis;

import cn.gongkai.hub.DataDirLock;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/** Lettuce client for the configured Redis, or for an embedded redis-server when none is configured. */
@Factory
public class RedisFactory {
    private static final Logger LOG = LoggerFactory.getLogger(RedisFactory.class);

    /**
     * Where Redis is: the configured URI, or an embedded server this hub starts or adopts (and stops with itself).
     * The data dir's lock comes first, so a second hub on the same dir stops before it touches the running server.
     */
    @Singleton
    @Bean(preDestroy = "close")
    RedisEndpoint redisEndpoint(DataDirLock lock, RedisSettings settings) {
        if (!settings.embedded()) {
            return new RedisEndpoint(settings.uri(), null);
        }
        EmbeddedRedisServer server = EmbeddedRedisServer.start(lock, settings.port(), settings.appendfsync(), settings.serverBinary());
        return new RedisEndpoint(server.uri(), server);
    }

    @Singleton
    @Bean(preDestroy = "shutdown")
    RedisClient redisClient(RedisEndpoint endpoint) {
        RedisURI redisUri = RedisURI.create(endpoint.uri());
        redisUri.setTimeout(Duration.ofSeconds(10));
        LOG.info("Redis at {}:{}{}", redisUri.getHost(), redisUri.getPort(), endpoint.embedded() ? " (embedded)" : "");
        return RedisClient.create(redisUri);
    }

    @Singleton
    @Named("hub")
    @Bean(preDestroy = "close")
    StatefulRedisConnection<String, String> connection(RedisClient client) {
        return client.connect();
    }

    @Singleton
    RedisAccess redisAccess(RedisClient client, @Named("hub") StatefulRedisConnection<String, String> shared) {
        return new RedisAccess() {
            @Override
            public io.lettuce.core.cluster.api.sync.RedisClusterCommands<String, String> sync() {
                return shared.sync();
            }

            @Override
            public io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands<String, String> async() {
                return shared.async();
            }

            @Override
            public io.lettuce.core.api.StatefulConnection<String, String> connect() {
                return client.connect();
            }

            @Override
            public io.lettuce.core.cluster.api.sync.RedisClusterCommands<String, String> sync(io.lettuce.core.api.StatefulConnection<String, String> c) {
                return ((StatefulRedisConnection<String, String>) c).sync();
            }

            @Override
            public io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands<String, String> async(io.lettuce.core.api.StatefulConnection<String, String> c) {
                return ((StatefulRedisConnection<String, String>) c).async();
            }

            @Override
            public boolean cluster() {
                return false;
            }
        };
    }
}
