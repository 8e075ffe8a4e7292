package cn.gongkai.hub.account;

import cn.gongkai.hub.redis.LuaScript;
import cn.gongkai.hub.redis.RedisAccess;
import cn.gongkai.hub.redis.RedisKeys;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Failure counters as small hashes with a TTL ({@code lua/sign-in-failure.lua}); each call touches one key. */
@Singleton
class RedisSignInThrottle implements SignInThrottle {
    private static final LuaScript FAILURE = LuaScript.load("account/sign-in-failure.lua");

    private final RedisClusterCommands<String, String> redis;
    private final RedisKeys keys;
    private final SignInSettings settings;

    RedisSignInThrottle(RedisAccess redis, RedisKeys keys, SignInSettings settings) {
        this.redis = redis.sync();
        this.keys = keys;
        this.settings = settings;
    }

    @Override
    public Lock lockAt(String username, long epoch, ClientAddress from, long now) {
        long pair = until(keys.signInFailures(keyPart(username), epoch, from.ip()));
        long address = until(keys.signInFailuresFrom(from.bucket()));
        if (address > now && address >= pair) {
            return new Lock(address, true);
        }
        return pair > now ? new Lock(pair, false) : Lock.NONE;
    }

    @Override
    public void failed(String username, long epoch, ClientAddress from, long now) {
        count(keys.signInFailures(keyPart(username), epoch, from.ip()), settings.freeFailures(), now);
        count(keys.signInFailuresFrom(from.bucket()), settings.addressFreeFailures(), now);
    }

    @Override
    public void succeeded(String username, long epoch, ClientAddress from) {
        redis.del(keys.signInFailures(keyPart(username), epoch, from.ip()));
    }

    private long until(String key) {
        String v = redis.hget(key, "lockedUntil");
        return v == null ? 0 : Long.parseLong(v);
    }

    private void count(String key, int free, long now) {
        FAILURE.call(redis, ScriptOutputType.INTEGER, new String[]{key}, Long.toString(now), Integer.toString(free),
                Long.toString(settings.firstLock().toMillis()), Long.toString(settings.maxLock().toMillis()),
                Long.toString(settings.forgetAfter().toMillis()));
    }

    /** A user name as sent can be anything and any length; only names a user could have go into a key as they are. */
    private static String keyPart(String username) {
        if (UserService.VALID_NAME.matcher(username).matches()) {
            return username;
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(username.getBytes(StandardCharsets.UTF_8));
            return "~" + HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
