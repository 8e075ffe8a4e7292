package cn.gongkai.hub.camel.stream;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

import io.lettuce.core.RedisURI;
import redis.embedded.RedisServer;

/** A real redis-server on a free loopback port, with its data in {@code dataDir} and the append-only file on. */
final class EmbeddedRedis implements AutoCloseable {

    private final int port;
    private final RedisServer server;

    EmbeddedRedis(Path dataDir) throws IOException {
        this.port = freePort();
        this.server = RedisServer.newRedisServer()
                .port(port)
                .bind("127.0.0.1")
                .setting("dir " + dataDir.toAbsolutePath())
                .setting("appendonly yes")
                .setting("appendfsync always")
                .build();
        server.start();
    }

    RedisURI uri() {
        return RedisURI.create("127.0.0.1", port);
    }

    void start() throws IOException {
        server.start();
    }

    void stop() throws IOException {
        server.stop();
    }

    @Override
    public void close() throws IOException {
        server.stop();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
