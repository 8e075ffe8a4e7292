package cn.gongkai.hub.account;

import cn.gongkai.hub.redis.LuaScript;
import cn.gongkai.hub.redis.RedisAccess;
import cn.gongkai.hub.redis.RedisKeys;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A session is a small hash with a TTL (the idle timeout), written by {@code lua/account/session-save.lua} and
 * touched by {@code lua/account/session-touch.lua}. */
@Singleton
class RedisSessionStore implements SessionStore {
    private static final LuaScript SAVE = LuaScript.load("account/session-save.lua");
    private static final LuaScript TOUCH = LuaScript.load("account/session-touch.lua");
    private final RedisClusterCommands<String, String> redis;
    private final RedisKeys keys;

    RedisSessionStore(RedisAccess redis, RedisKeys keys) {
        this.redis = redis.sync();
        this.keys = keys;
    }

    @Override
    public void save(String digest, ConsoleSession s, Duration idle) {
        String key = keys.consoleSession(digest);
        Map<String, String> fields = Map.of("username", s.username(), "signInEpoch", Long.toString(s.signInEpoch()),
                "csrf", s.csrfToken(), "createdAt", Long.toString(s.createdAt().toEpochMilli()),
                "lastSeenAt", Long.toString(s.createdAt().toEpochMilli()));
        SAVE.call(redis, ScriptOutputType.STATUS, new String[]{key}, flatten(fields, idle));
    }

    private static String[] flatten(Map<String, String> fields, Duration idle) {
        String[] args = new String[1 + fields.size() * 2];
        args[0] = Long.toString(idle.toMillis());
        int i = 1;
        for (Map.Entry<String, String> e : fields.entrySet()) {
            args[i++] = e.getKey();
            args[i++] = e.getValue();
        }
        return args;
    }

    @Override
    public Optional<ConsoleSession> touch(String digest, Duration idle, Duration maxAge, Instant now) {
        List<String> f = TOUCH.call(redis, ScriptOutputType.MULTI, new String[]{keys.consoleSession(digest)},
                Long.toString(idle.toMillis()), Long.toString(now.toEpochMilli()), Long.toString(maxAge.toMillis()));
        if (f == null || f.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i + 1 < f.size(); i += 2) {
            m.put(f.get(i), f.get(i + 1));
        }
        try {
            return Optional.of(new ConsoleSession(null, m.get("username"), Long.parseLong(m.get("signInEpoch")), m.get("csrf"),
                    Instant.ofEpochMilli(Long.parseLong(m.get("createdAt")))));
        } catch (RuntimeException e) {
            // a damaged hash ends the session rather than the request
            delete(digest);
            return Optional.empty();
        }
    }

    @Override
    public void delete(String digest) {
        redis.del(keys.consoleSession(digest));
    }
}
