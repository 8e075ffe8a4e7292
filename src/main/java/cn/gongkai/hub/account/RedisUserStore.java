package cn.gongkai.hub.account;

import cn.gongkai.hub.redis.LuaScript;
import cn.gongkai.hub.redis.RedisAccess;
import cn.gongkai.hub.redis.RedisKeys;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Users in Redis: one hash per user ({@code displayName, roles, passwordHash, createdAt, signInEpoch}) and the set of
 * names, all under the {@code {users}} hash tag so the scripts in {@code lua/account/} can change and check them
 * together in one step.
 */
@Singleton
class RedisUserStore implements UserStore {
    private static final Logger LOG = LoggerFactory.getLogger(RedisUserStore.class);
    private static final LuaScript CREATE = LuaScript.load("account/create-user.lua");
    private static final LuaScript RESET_PASSWORD = LuaScript.load("account/reset-password.lua");
    private static final LuaScript UPDATE = LuaScript.load("account/update-user.lua");
    /** A user created between reading the names and the script is rare; a few fresh reads settle it. */
    private static final int UPDATE_TRIES = 5;

    private final RedisClusterCommands<String, String> redis;
    private final RedisKeys keys;

    RedisUserStore(RedisAccess redis, RedisKeys keys) {
        this.redis = redis.sync();
        this.keys = keys;
    }

    /**
     * Moves users written before the {@code {users}} tag (hub:user:NAME, hub:users) to the current keys, so an
     * upgraded hub keeps its accounts instead of creating a new admin. Safe to repeat after a crash half-way.
     */
    @PostConstruct
    void moveLegacyUsers() {
        int moved = 0;
        for (String name : redis.smembers(keys.legacyUsers())) {
            Map<String, String> h = redis.hgetall(keys.legacyUser(name));
            if (h.containsKey("passwordHash") && create(name, h)) {
                moved++;
            }
            redis.del(keys.legacyUser(name));
            redis.srem(keys.legacyUsers(), name);
        }
        if (moved > 0) {
            LOG.info("Moved {} users to the current key layout ({})", moved, keys.users());
        }
    }

    @Override
    public boolean create(StoredUser u) {
        return create(u.username(), Map.of(
                "displayName", u.displayName(),
                "roles", String.join(",", u.roles()),
                "passwordHash", u.passwordHash(),
                "createdAt", u.createdAt().toString(),
                "signInEpoch", Long.toString(u.signInEpoch())));
    }

    private boolean create(String username, Map<String, String> fields) {
        List<String> args = new ArrayList<>(List.of(username));
        fields.forEach((k, v) -> {
            args.add(k);
            args.add(v);
        });
        Long created = CREATE.call(redis, ScriptOutputType.INTEGER, new String[]{keys.user(username), keys.users()},
                args.toArray(String[]::new));
        return created != null && created == 1L;
    }

    @Override
    public Optional<StoredUser> find(String username) {
        Map<String, String> h = redis.hgetall(keys.user(username));
        if (h == null || h.isEmpty()) {
            return Optional.empty();
        }
        String roles = h.getOrDefault("roles", "");
        return Optional.of(new StoredUser(username, h.getOrDefault("displayName", username),
                Arrays.stream(roles.split(",")).map(String::strip).filter(r -> !r.isEmpty()).toList(),
                h.get("passwordHash"), instant(h.get("createdAt")), epoch(h.get("signInEpoch"))));
    }

    // Damaged fields (edited by hand) read as absent rather than failing every request that reads the user.
    private static Instant instant(String s) {
        try {
            return s == null ? null : Instant.parse(s);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    private static long epoch(String s) {
        try {
            return s == null ? 0 : Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public List<String> names() {
        return List.copyOf(new TreeSet<>(redis.smembers(keys.users())));
    }

    @Override
    public boolean isEmpty() {
        return redis.scard(keys.users()) == 0;
    }

    @Override
    public boolean resetPassword(String username, String passwordHash) {
        Long set = RESET_PASSWORD.call(redis, ScriptOutputType.INTEGER, new String[]{keys.user(username), keys.users()},
                username, passwordHash);
        return set != null && set == 1L;
    }

    @Override
    public UpdateResult update(String username, String displayName, List<String> roles) {
        for (int attempt = 0; attempt < UPDATE_TRIES; attempt++) {
            List<String> others = new ArrayList<>(redis.smembers(keys.users()));
            others.remove(username);
            List<String> scriptKeys = new ArrayList<>(List.of(keys.user(username), keys.users()));
            others.forEach(o -> scriptKeys.add(keys.user(o)));
            List<String> args = new ArrayList<>(List.of(username, displayName == null ? "" : displayName,
                    roles == null ? "" : String.join(",", roles)));
            args.addAll(others);
            List<Object> r = UPDATE.call(redis, ScriptOutputType.MULTI, scriptKeys.toArray(String[]::new), args.toArray(String[]::new));
            switch (String.valueOf(r.get(0))) {
                case "OK" -> {
                    String oldRoles = String.valueOf(r.get(2));
                    return new UpdateResult(UpdateStatus.UPDATED, String.valueOf(r.get(1)),
                            Arrays.stream(oldRoles.split(",")).map(String::strip).filter(x -> !x.isEmpty()).toList());
                }
                case "MISSING" -> {
                    return new UpdateResult(UpdateStatus.MISSING, null, List.of());
                }
                case "LAST_ADMIN" -> {
                    return new UpdateResult(UpdateStatus.LAST_ADMIN, null, List.of());
                }
                default -> {
                    // STALE: the set of users changed between reading it and the script; read it again
                }
            }
        }
        throw new IllegalStateException("users kept changing while " + username + " was being updated (" + UPDATE_TRIES + " tries)");
    }
}
