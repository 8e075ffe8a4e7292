package cn.gongkai.hub.redis;

import io.lettuce.core.RedisURI;

/**
 * What {@code HUB_REDIS_URI} turned out to be at start: the seeds, whether they are a Redis Cluster (the first seed
 * that answered said {@code cluster_enabled:1}), and that seed. The embedded server is one server, never asked.
 */
public record RedisServers(RedisSeeds seeds, boolean cluster, RedisURI answered, boolean embedded) {
}
