package cn.gongkai.hub.redis;

import java.io.IOException;
import java.io.UncheckedIOException;

/** A free loopback port. */
public final class EmbeddedRedisServerPorts {
    private EmbeddedRedisServerPorts() {
    }

    public static int free() {
        try {
            return EmbeddedRedisServer.freePort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
