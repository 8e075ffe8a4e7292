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

    /**
     * The script {@code lua/<path>} from the classpath; with several paths, their texts joined in order (a shared
     * {@code lib.lua} of functions in front of the script that uses them).
     */
    public static LuaScript load(String... paths) {
        StringBuilder source = new StringBuilder();
        for (String path : paths) {
            try (java.io.InputStream in = LuaScript.class.getResourceAsStream("/lua/" + path)) {
                if (in == null) {
                    throw new IllegalStateException("Lua script lua/" + path + " is missing from the classpath");
                }
                if (!source.isEmpty()) {
                    source.append('\n');
                }
                source.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (java.io.IOException e) {
                throw new IllegalStateException("cannot read Lua script lua/" + path + ": " + e.getMessage(), e);
            }
        }
        return new LuaScript(source.toString());
    }

    public <T> T call(RedisClusterCommands<String, String> redis, ScriptOutputType type, String[] keys, String... args) {
        try {
            return redis.evalsha(sha, type, keys, args);
        } catch (RedisNoScriptException e) {
            return redis.eval(source, type, keys, args);
        }
    }

    /**
     * The same call without waiting, so that several scripts (one per bucket, each on its own node in a cluster) run at
     * once. NOSCRIPT falls back to EVAL as in {@link #call}.
     */
    public <T> java.util.concurrent.CompletableFuture<T> callAsync(io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands<String, String> redis,
                                                                 ScriptOutputType type, String[] keys, String... args) {
        java.util.concurrent.CompletableFuture<T> first = redis.<T>evalsha(sha, type, keys, args).toCompletableFuture();
        return first.handle((value, error) -> {
            if (error == null) {
                return java.util.concurrent.CompletableFuture.completedFuture(value);
            }
            Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause instanceof RedisNoScriptException) {
                return redis.<T>eval(source, type, keys, args).toCompletableFuture();
            }
            return java.util.concurrent.CompletableFuture.<T>failedFuture(cause);
        }).thenCompose(f -> f);
    }
}
