package cn.gongkai.hub.redis;

import cn.gongkai.hub.StartupException;
import io.lettuce.core.RedisURI;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The servers {@code HUB_REDIS_URI} names: one URI, or the seeds of a Redis Cluster separated by commas,
 * {@code redis://:password@127.0.0.1:7000,127.0.0.1:7001,127.0.0.1:7002}. The first is a whole URI
 * ({@code redis://} or {@code rediss://}); each later one is {@code host:port} and takes the first one's password,
 * user, TLS and options. A Sentinel URI ({@code redis-sentinel://a:26379,b:26379/0#mymaster}) keeps its commas as
 * Lettuce reads them. Problems are start-up lines that never show the password.
 */
public record RedisSeeds(List<RedisURI> uris) {
    /** Command timeout of every connection, as the single-server hub always had. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Pattern HOST_PORT = Pattern.compile("(?:(rediss?)://)?(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9.-]+)(?::(\\d{1,5}))?");

    public RedisSeeds {
        uris = List.copyOf(uris);
    }

    public static RedisSeeds parse(String value) {
        String v = value == null ? "" : value.strip();
        if (v.isEmpty()) {
            throw new StartupException("HUB_REDIS_URI is empty");
        }
        String scheme = v.contains("://") ? v.substring(0, v.indexOf("://")) : "";
        if (!v.contains(",") || scheme.endsWith("-sentinel")) {
            return new RedisSeeds(List.of(uri(v, 1)));
        }
        String[] parts = v.split(",", -1);
        RedisURI first = uri(parts[0].strip(), 1);
        if (first.getSocket() != null || !first.getSentinels().isEmpty()) {
            throw new StartupException("HUB_REDIS_URI: several servers are seeds of a Redis Cluster: give them as redis:// or rediss:// "
                    + "host:port entries, not " + scheme + "://");
        }
        List<RedisURI> out = new ArrayList<>(List.of(first));
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i].strip();
            int n = i + 1;
            if (part.isEmpty()) {
                throw new StartupException("HUB_REDIS_URI: entry " + n + " (after comma " + i + ") is empty");
            }
            if (part.contains("@")) {
                throw new StartupException("HUB_REDIS_URI: entry " + n + " carries a password of its own; give it on the first URI only, "
                        + "where it applies to every seed");
            }
            Matcher m = HOST_PORT.matcher(part);
            if (!m.matches()) {
                throw new StartupException("HUB_REDIS_URI: entry " + n + " '" + part + "' is not host:port (options go on the first URI)");
            }
            if (m.group(1) != null && (m.group(1).equals("rediss")) != first.isSsl()) {
                throw new StartupException("HUB_REDIS_URI: entry " + n + " is " + m.group(1) + ":// but the first is "
                        + (first.isSsl() ? "rediss" : "redis") + "://; one cluster is reached one way");
            }
            String host = m.group(2).startsWith("[") ? m.group(2).substring(1, m.group(2).length() - 1) : m.group(2);
            int port = m.group(3) == null ? first.getPort() : Integer.parseInt(m.group(3));
            if (port < 1 || port > 65535) {
                throw new StartupException("HUB_REDIS_URI: entry " + n + " has port " + port + ", outside 1-65535");
            }
            out.add(RedisURI.builder(first).withHost(host).withPort(port).build());
        }
        return new RedisSeeds(out);
    }

    private static RedisURI uri(String s, int n) {
        RedisURI u;
        try {
            u = RedisURI.create(s);
        } catch (RuntimeException e) {
            // Lettuce's message may quote the URI, and with it the password
            throw new StartupException("HUB_REDIS_URI: entry " + n + " is not a Redis URI such as redis://:password@host:6379 or "
                    + "rediss://host:6380");
        }
        u.setTimeout(TIMEOUT);
        return u;
    }

    public boolean several() {
        return uris.size() > 1;
    }

    /** {@code host:port, host:port}: what a log line or an error may show. */
    public String names() {
        return String.join(", ", uris.stream().map(RedisSeeds::name).toList());
    }

    static String name(RedisURI u) {
        if (u.getSocket() != null) {
            return u.getSocket();
        }
        if (!u.getSentinels().isEmpty()) {
            return "sentinels " + String.join(", ", u.getSentinels().stream().map(RedisSeeds::name).toList())
                    + " (master " + u.getSentinelMasterId() + ")";
        }
        String host = u.getHost().contains(":") ? "[" + u.getHost() + "]" : u.getHost();
        return host + ":" + u.getPort();
    }
}
