package cn.gongkai.hub.redis;

/** The Redis the hub talks to; {@code server} is set when the hub started it and must stop it. */
public record RedisEndpoint(String uri, EmbeddedRedisServer server) implements AutoCloseable {

    public boolean embedded() {
        return server != null;
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop();
        }
    }
}
