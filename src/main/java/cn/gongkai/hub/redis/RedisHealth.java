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

    /** PING with a short timeout of its own, so a health check answers quickly while Redis is away. */
    public String status() {
        try {
            return "PONG".equals(connection.async().ping().get(2, java.util.concurrent.TimeUnit.SECONDS)) ? "UP" : "DOWN";
        } catch (java.util.concurrent.TimeoutException e) {
            return "DOWN: no answer to PING within 2 s";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "DOWN: interrupted";
        } catch (java.util.concurrent.ExecutionException | RuntimeException e) {
            return "DOWN: " + (e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
        }
    }

    public boolean embedded() {
        return endpoint.embedded();
    }
}
