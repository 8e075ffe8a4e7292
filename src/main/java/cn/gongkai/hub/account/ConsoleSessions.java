package cn.gongkai.hub.account;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The console's sign-in sessions. A session starts after a successful {@link UserService#signIn}, with a fresh
 * random id (so no id chosen before sign-in is ever honoured) and a CSRF token of its own; it ends on sign-out,
 * after {@code hub.console.idle-timeout} without a request, after {@code hub.console.max-session} in any case, when
 * the user's password is reset, or when the user no longer exists. Roles are read from the user on every request,
 * so a change of roles takes effect at once.
 */
@Singleton
public class ConsoleSessions {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleSessions.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SessionStore store;
    private final UserService users;
    private final Duration idle;
    private final Duration maxAge;
    private final Clock clock = Clock.systemUTC();

    ConsoleSessions(SessionStore store, UserService users,
                    @Value("${hub.console.idle-timeout:30m}") Duration idle,
                    @Value("${hub.console.max-session:12h}") Duration maxAge) {
        if (idle.isNegative() || idle.isZero() || maxAge.compareTo(idle) < 0) {
            throw new IllegalStateException("hub.console.idle-timeout must be positive and at most hub.console.max-session; got "
                    + idle + " and " + maxAge);
        }
        this.store = store;
        this.users = users;
        this.idle = idle;
        this.maxAge = maxAge;
    }

    /** A signed-in user's session. */
    public record Active(ConsoleSession session, User user) {
    }

    public Duration idleTimeout() {
        return idle;
    }

    /** A new session for {@code user}, who has just signed in. */
    public ConsoleSession start(User user) {
        ConsoleSession s = new ConsoleSession(token(), user.username(), users.signInEpoch(user.username()), token(), clock.instant());
        store.save(digest(s.id()), s, idle);
        LOG.info("Console session started for '{}'", user.username());
        return s;
    }

    /** The session whose cookie value is {@code id}, if it is still going; each call restarts its idle timer. */
    public Optional<Active> find(String id) {
        if (id == null || id.length() < 20 || id.length() > 100) {
            return Optional.empty();
        }
        String digest = digest(id);
        Optional<ConsoleSession> s = store.touch(digest, idle, maxAge, clock.instant());
        if (s.isEmpty()) {
            return Optional.empty();
        }
        ConsoleSession found = s.get();
        Optional<User> user = users.sessionUser(found.username(), found.signInEpoch());
        if (user.isEmpty()) {
            store.delete(digest);
            LOG.info("Console session of '{}' ended: the user's password was reset or the user is gone", found.username());
            return Optional.empty();
        }
        return Optional.of(new Active(new ConsoleSession(id, found.username(), found.signInEpoch(), found.csrfToken(),
                found.createdAt()), user.get()));
    }

    /** Signs out: the session ends at once. */
    public void end(String id) {
        if (id != null && !id.isEmpty()) {
            store.delete(digest(id));
        }
    }

    /** 256 random bits, URL-safe. */
    public static String token() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** Compares two tokens in constant time; false if either is missing. */
    public static boolean same(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static String digest(String id) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
