package cn.gongkai.hub.redis;

import io.lettuce.core.api.StatefulRedisConnection;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

/** Whether the hub's Redis answers: "UP", or "DOWN: why". */
@Singleton
public class RedisHealth {
    private final StatefulRedisConnection<String, String> connection;
    private final RedisEndpoint endpoint;

    public RedisHealth(@Named("hub") StatefulRedisConnection<String, String> connection, RedisEndpoint endpoint) {
        this.connection = connection;
        this.endpoint = endpoint;
    }

    public String status() {
        try {
            return "PONG".equals(connection.sync().ping()) ? "UP" : "DOWN";
        } catch (RuntimeException e) {
            return "DOWN: " + e.getMessage();
        }
    }

    public boolean embedded() {
        return endpoint.embedded();
    }
}
