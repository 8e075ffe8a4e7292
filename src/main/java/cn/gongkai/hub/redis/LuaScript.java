package cn.gongkai.hub.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A Lua script called by its SHA-1 (EVALSHA), sent in full when the server does not know it (first call, restart,
 * failover). Scripts live in {@code src/main/resources/lua/}, one a file, each headed by a comment naming its KEYS and ARGV.
 */
public final class LuaScript {
    private final String source;
    private final String sha;

    public LuaScript(String source) {
        this.source = source;
        try {
            this.sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The script {@code lua/<path>} from the classpath. */
    public static LuaScript load(String path) {
        try (java.io.InputStream in = LuaScript.class.getResourceAsStream("/lua/" + path)) {
            if (in == null) {
                throw new IllegalStateException("Lua script lua/" + path + " is missing from the classpath");
            }
            return new LuaScript(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot read Lua script lua/" + path + ": " + e.getMessage(), e);
        }
    }

    public <T> T call(RedisClusterCommands<String, String> redis, ScriptOutputType type, String[] keys, String... args) {
        try {
            return redis.evalsha(sha, type, keys, args);
        } catch (RedisNoScriptException e) {
            return redis.eval(source, type, keys, args);
        }
    }
}
