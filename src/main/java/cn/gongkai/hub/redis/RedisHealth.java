package cn.gongkai.hub.redis;

import jakarta.inject.Singleton;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Whether the hub's Redis answers: "UP", or "DOWN: why". */
@Singleton
public class RedisHealth {
    private final RedisAccess redis;
    private final RedisEndpoint endpoint;

    public RedisHealth(RedisAccess redis, RedisEndpoint endpoint) {
        this.redis = redis;
        this.endpoint = endpoint;
    }

    /**
     * PING with a short timeout of its own, so a health check answers quickly while Redis is away. On a cluster, also
     * the cluster's own verdict: a node that answers PING serves no key while {@code cluster_state} is not ok.
     */
    public String status() {
        try {
            if (!"PONG".equals(redis.async().ping().get(2, TimeUnit.SECONDS))) {
                return "DOWN";
            }
            if (redis.cluster()) {
                String info = redis.async().clusterInfo().get(2, TimeUnit.SECONDS);
                String state = info.lines().map(String::strip).filter(l -> l.startsWith("cluster_state:")).findFirst().orElse("cluster_state:?");
                return state.equals("cluster_state:ok") ? "UP" : "DOWN: " + state;
            }
            return "UP";
        } catch (TimeoutException e) {
            return "DOWN: no answer within 2 s";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "DOWN: interrupted";
        } catch (ExecutionException | RuntimeException e) {
            return "DOWN: " + (e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
        }
    }

    public boolean embedded() {
        return endpoint.embedded();
    }

    public boolean cluster() {
        return redis.cluster();
    }
}
