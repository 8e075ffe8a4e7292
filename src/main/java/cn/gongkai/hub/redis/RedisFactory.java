package cn.gongkai.hub.redis;

import cn.gongkai.hub.DataDirLock;
import cn.gongkai.hub.StartupException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The hub's Redis: an embedded redis-server when none is configured, else what {@code HUB_REDIS_URI} names, one
 * server or a Redis Cluster. A cluster is recognised by asking the seeds in turn for {@code INFO cluster}; the first
 * that answers decides, so one seed is enough.
 */
@Factory
public class RedisFactory {
    private static final Logger LOG = LoggerFactory.getLogger(RedisFactory.class);
    /** Periodic topology refresh on top of the adaptive one, for changes no command of the hub runs into. */
    static final Duration TOPOLOGY_REFRESH = Duration.ofSeconds(30);

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
    RedisServers redisServers(RedisEndpoint endpoint) {
        RedisSeeds seeds = RedisSeeds.parse(endpoint.uri());
        if (endpoint.embedded()) {
            return new RedisServers(seeds, false, seeds.uris().get(0), true);
        }
        RedisServers found = probe(seeds);
        if (!found.cluster() && seeds.several()) {
            throw new StartupException("HUB_REDIS_URI names " + seeds.uris().size() + " servers, but " + RedisSeeds.name(found.answered())
                    + " is not a Redis Cluster (cluster_enabled:0): give a single server as one URI");
        }
        return found;
    }

    /** Asks each seed for INFO cluster until one answers. */
    static RedisServers probe(RedisSeeds seeds) {
        RedisClient probe = RedisClient.create();
        try {
            List<String> tried = new ArrayList<>();
            for (RedisURI seed : seeds.uris()) {
                try (StatefulRedisConnection<String, String> c = probe.connect(seed)) {
                    boolean cluster = c.sync().info("cluster").lines().map(String::strip).anyMatch("cluster_enabled:1"::equals);
                    return new RedisServers(seeds, cluster, seed, false);
                } catch (RedisException e) {
                    tried.add(RedisSeeds.name(seed) + " (" + reason(e) + ")");
                }
            }
            throw new StartupException("no Redis in HUB_REDIS_URI answered: tried " + String.join(", ", tried));
        } finally {
            probe.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }

    /** The innermost message, on one line (Lettuce's outer one is "Unable to connect to host:port"). */
    static String reason(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return m.replaceAll("\\s+", " ").strip();
    }

    /**
     * The standalone client. On a cluster it still exists, connected to the seed that answered, only for the classes
     * not yet on {@link RedisAccess} (delivery/DeliveryStore, camel/RedisStreamSetup, camel/stream): a command of theirs
     * on a key of another node fails with MOVED. Remove it, and {@link #connection}, once they use RedisAccess.
     */
    @Singleton
    @Bean(preDestroy = "shutdown")
    RedisClient redisClient(RedisServers servers) {
        RedisURI uri = servers.answered();
        if (!servers.cluster()) {
            LOG.info("Redis: one server at {}{}", RedisSeeds.name(uri), servers.embedded() ? " (embedded)" : "");
        }
        return RedisClient.create(uri);
    }

    @Singleton
    @Named("hub")
    @Bean(preDestroy = "close")
    StatefulRedisConnection<String, String> connection(RedisClient client) {
        return client.connect();
    }

    /** One server: the shared connection above. A cluster: a cluster client of its own, ended with this bean. */
    @Singleton
    @Bean(preDestroy = "close")
    LettuceAccess redisAccess(RedisServers servers, BeanProvider<RedisClient> client,
                              @Named("hub") BeanProvider<StatefulRedisConnection<String, String>> shared) {
        if (!servers.cluster()) {
            return new StandaloneAccess(client.get(), shared.get());
        }
        return cluster(servers);
    }

    static ClusterAccess cluster(RedisServers servers) {
        RedisClusterClient client = RedisClusterClient.create(servers.seeds().uris());
        client.setOptions(ClusterClientOptions.builder()
                // Off by default in Lettuce: without it a failover or a resharding is seen only as MOVED errors
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        .enableAllAdaptiveRefreshTriggers()
                        .enablePeriodicRefresh(TOPOLOGY_REFRESH)
                        .build())
                // validateClusterNodeMembership stays on: the nodes announce the addresses the hub reaches them at,
                // so the client only ever connects to nodes in the topology
                .build());
        try {
            ClusterAccess access = new ClusterAccess(client, client.connect());
            LOG.info("Redis: a cluster of {} masters, found from {}; topology refreshed on MOVED, ASK and reconnects, and every {} s",
                    access.masters(), RedisSeeds.name(servers.answered()), TOPOLOGY_REFRESH.toSeconds());
            return access;
        } catch (RedisException e) {
            client.shutdown(0, 2, TimeUnit.SECONDS);
            throw new StartupException("Redis Cluster from " + servers.seeds().names() + ": cannot connect (" + reason(e) + ")");
        }
    }
}
