package cn.gongkai.hub.account;

import cn.gongkai.hub.HubException;
import cn.gongkai.hub.HubException.FieldError;
import cn.gongkai.hub.redis.RedisKeys;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Users in Redis: one hash per user ({@code displayName, roles, passwordHash, createdAt}) and a set of names.
 * Failed sign-ins are counted per user; from the fifth in a row each further try waits out a lock that doubles
 * (1 s, 2 s, 4 s … at most 5 min), so guessing a password is slow while the owner is barely hindered.
 */
@Singleton
public class UserService {
    static final int FREE_FAILURES = 5;
    static final Duration MAX_LOCK = Duration.ofMinutes(5);

    private final RedisCommands<String, String> redis;
    private final RedisKeys keys;

    public UserService(@Named("hub") StatefulRedisConnection<String, String> connection, RedisKeys keys) {
        this.redis = connection.sync();
        this.keys = keys;
    }

    public User create(String username, String displayName, List<String> roleNames, String password) {
        List<FieldError> errors = new ArrayList<>();
        if (username == null || !username.matches("[A-Za-z0-9_.-]{2,64}")) {
            errors.add(new FieldError("username", "is required: 2 to 64 letters, digits, '.', '_' or '-'"));
        }
        if (displayName == null || displayName.isBlank()) {
            errors.add(new FieldError("displayName", "is required"));
        } else if (displayName.length() > 100) {
            errors.add(new FieldError("displayName", "is longer than 100 characters"));
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        if (roleNames == null || roleNames.isEmpty()) {
            errors.add(new FieldError("roles", "must name at least one of EDITOR, REVIEWER, APPROVER, ADMIN"));
        } else {
            for (String r : roleNames) {
                try {
                    roles.add(Role.valueOf(String.valueOf(r).strip().toUpperCase()));
                } catch (IllegalArgumentException e) {
                    errors.add(new FieldError("roles", "unknown role '" + r + "' (EDITOR, REVIEWER, APPROVER, ADMIN)"));
                }
            }
        }
        if (password == null || password.length() < 10) {
            errors.add(new FieldError("password", "is required and must have at least 10 characters"));
        } else if (password.length() > 72) {
            errors.add(new FieldError("password", "must have at most 72 characters"));
        }
        if (!errors.isEmpty()) {
            throw HubException.invalid(errors);
        }
        Instant now = Instant.now();
        Boolean created = redis.hsetnx(keys.user(username), "createdAt", now.toString());
        if (!Boolean.TRUE.equals(created)) {
            throw HubException.conflict("user '" + username + "' already exists");
        }
        redis.hset(keys.user(username), Map.of(
                "displayName", displayName.strip(),
                "roles", String.join(",", roles.stream().map(Enum::name).toList()),
                "passwordHash", PasswordHasher.hash(password)));
        redis.sadd(keys.users(), username);
        return new User(username, displayName.strip(), roles, now);
    }

    public Optional<User> find(String username) {
        if (username == null) {
            return Optional.empty();
        }
        Map<String, String> h = redis.hgetall(keys.user(username));
        if (h == null || !h.containsKey("passwordHash")) {
            return Optional.empty();
        }
        return Optional.of(toUser(username, h));
    }

    public List<User> list() {
        List<User> users = new ArrayList<>();
        for (String name : new TreeSet<>(redis.smembers(keys.users()))) {
            find(name).ifPresent(users::add);
        }
        return users;
    }

    public boolean isEmpty() {
        return redis.scard(keys.users()) == 0;
    }

    /** Checks a sign-in. Refused while the user's failure lock runs, whatever the password. */
    public SignIn signIn(String username, String password) {
        if (username == null || username.isBlank()) {
            return SignIn.failed("no user name");
        }
        String failKey = keys.loginFailures(username);
        Map<String, String> fails = redis.hgetall(failKey);
        long lockedUntil = Long.parseLong(fails.getOrDefault("lockedUntil", "0"));
        long now = System.currentTimeMillis();
        if (lockedUntil > now) {
            return SignIn.failed("too many failed sign-ins for '" + username + "'; try again in "
                    + Math.max(1, (lockedUntil - now + 999) / 1000) + " s");
        }
        Map<String, String> h = redis.hgetall(keys.user(username));
        if (h != null && PasswordHasher.matches(password, h.get("passwordHash"))) {
            if (!fails.isEmpty()) {
                redis.del(failKey);
            }
            return SignIn.ok(toUser(username, h));
        }
        long count = redis.hincrby(failKey, "count", 1);
        if (count >= FREE_FAILURES) {
            long lockMs = Math.min(MAX_LOCK.toMillis(), 1000L << Math.min(20, count - FREE_FAILURES));
            redis.hset(failKey, "lockedUntil", Long.toString(now + lockMs));
        }
        redis.expire(failKey, Duration.ofHours(1));
        return SignIn.failed("wrong user name or password");
    }

    private static User toUser(String username, Map<String, String> h) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String r : h.getOrDefault("roles", "").split(",")) {
            if (!r.isBlank()) {
                roles.add(Role.valueOf(r));
            }
        }
        return new User(username, h.get("displayName"), roles, Instant.parse(h.get("createdAt")));
    }

    public record SignIn(User user, String failure) {
        static SignIn ok(User u) {
            return new SignIn(u, null);
        }

        static SignIn failed(String why) {
            return new SignIn(null, why);
        }
    }
}
