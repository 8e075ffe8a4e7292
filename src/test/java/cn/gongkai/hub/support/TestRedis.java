package cn.gongkai.hub.support;

import cn.gongkai.hub.DataDirLock;
import cn.gongkai.hub.redis.EmbeddedRedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A real redis-server (the binary the hub embeds) in a temp folder on a free loopback port. */
public final class TestRedis implements RedisUnderTest, AutoCloseable {
    private final EmbeddedRedisServer server;
    private final DataDirLock lock;
    private final Path dir;
    private RedisClient client;
    private StatefulRedisConnection<String, String> connection;
    private TestRedisAccess access;

    private TestRedis(EmbeddedRedisServer server, DataDirLock lock, Path dir) {
        this.server = server;
        this.lock = lock;
        this.dir = dir;
    }

    public static TestRedis start() {
        try {
            Path dir = Files.createTempDirectory("hub-test-redis");
            DataDirLock lock = DataDirLock.acquire(dir);
            return new TestRedis(EmbeddedRedisServer.start(lock, 0, "everysec", ""), lock, dir);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** With the server's password, as the hub's own URI. */
    @Override
    public String uri() {
        return server.uri();
    }

    public EmbeddedRedisServer server() {
        return server;
    }

    public synchronized RedisCommands<String, String> sync() {
        if (connection == null) {
            client = RedisClient.create(uri());
            connection = client.connect();
        }
        return connection.sync();
    }

    /** The hub's way to this server, for stores built by hand in a test; closed with this server. */
    public synchronized cn.gongkai.hub.redis.RedisAccess access() {
        if (access == null) {
            access = new TestRedisAccess(uri());
        }
        return access;
    }

    @Override
    public synchronized void close() {
        if (access != null) {
            access.close();
        }
        if (connection != null) {
            connection.close();
            client.shutdown();
        }
        server.stop();
        lock.close();
        TestHub.deleteTree(dir);
    }
}
