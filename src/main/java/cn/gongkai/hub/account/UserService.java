package cn.gongkai.hub.account;

import cn.gongkai.hub.HubException;
import cn.gongkai.hub.HubException.FieldError;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Users and sign-in. Creating a user checks everything and hashes the password before one atomic write. A sign-in
 * costs one BCrypt verification whether or not the user exists (see {@link PasswordHasher}), unless a lock of the
 * {@link SignInThrottle} refuses it first.
 */
@Singleton
public class UserService {
    private static final Logger LOG = LoggerFactory.getLogger(UserService.class);
    static final Pattern VALID_NAME = Pattern.compile("[A-Za-z0-9_.-]{2,64}");
    static final int MIN_PASSWORD_CHARS = 10;

    private final UserStore store;
    private final SignInThrottle throttle;
    private final Clock clock;
    private final Set<String> warnedRoles = ConcurrentHashMap.newKeySet();

    UserService(UserStore store, SignInThrottle throttle) {
        this.store = store;
        this.throttle = throttle;
        this.clock = Clock.systemUTC();
    }

    public User create(String username, String displayName, List<String> roleNames, String password) {
        List<FieldError> errors = new ArrayList<>();
        if (username == null || !VALID_NAME.matcher(username).matches()) {
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
        passwordProblem(password).ifPresent(p -> errors.add(new FieldError("password", p)));
        if (!errors.isEmpty()) {
            throw HubException.invalid(errors);
        }
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        UserStore.StoredUser u = new UserStore.StoredUser(username, displayName.strip(), roles.stream().map(Enum::name).toList(),
                PasswordHasher.hash(password), now, 0);
        if (!store.create(u)) {
            throw HubException.conflict("user '" + username + "' already exists");
        }
        return new User(username, u.displayName(), roles, now);
    }

    /** What is wrong with a password as a new password, if anything. */
    public static Optional<String> passwordProblem(String password) {
        if (password == null || password.codePointCount(0, password.length()) < MIN_PASSWORD_CHARS) {
            return Optional.of("is required and must have at least " + MIN_PASSWORD_CHARS + " characters");
        }
        if (PasswordHasher.tooLong(password)) {
            return Optional.of("must be at most " + PasswordHasher.MAX_BYTES + " bytes in UTF-8 (25 Chinese characters take 75)");
        }
        return Optional.empty();
    }

    public Optional<User> find(String username) {
        if (username == null || !VALID_NAME.matcher(username).matches()) {
            return Optional.empty();
        }
        return store.find(username).filter(u -> u.passwordHash() != null).map(this::toUser);
    }

    public List<User> list() {
        List<User> users = new ArrayList<>();
        for (String name : store.names()) {
            find(name).ifPresent(users::add);
        }
        return users;
    }

    public boolean isEmpty() {
        return store.isEmpty();
    }

    /** Whether {@code password} is the user's password, without counting a failure (start-up checks). */
    public boolean passwordMatches(String username, String password) {
        Optional<UserStore.StoredUser> u = VALID_NAME.matcher(username).matches() ? store.find(username) : Optional.empty();
        return PasswordHasher.matches(password, u.map(UserStore.StoredUser::passwordHash).orElse(null));
    }

    /**
     * Sets a user's password, ending the sign-in locks earned against the old one.
     *
     * @return false when there is no such user
     */
    public boolean resetPassword(String username, String password) {
        Optional<String> problem = passwordProblem(password);
        if (problem.isPresent()) {
            throw HubException.invalid("password", problem.get());
        }
        return store.resetPassword(username, PasswordHasher.hash(password));
    }

    /**
     * Checks a sign-in from {@code from}. Refused without looking at the password while a lock for this user from
     * this address, or for this address, runs; otherwise one BCrypt verification, known user or not.
     */
    public SignIn signIn(String username, String password, ClientAddress from) {
        if (username == null || username.isBlank()) {
            return SignIn.failed("no user name");
        }
        Optional<UserStore.StoredUser> stored = VALID_NAME.matcher(username).matches() ? store.find(username) : Optional.empty();
        long epoch = stored.map(UserStore.StoredUser::signInEpoch).orElse(0L);
        long now = clock.millis();
        SignInThrottle.Lock lock = throttle.lockAt(username, epoch, from, now);
        if (lock.untilMillis() > now) {
            long seconds = Math.max(1, (lock.untilMillis() - now + 999) / 1000);
            return SignIn.failed(lock.wholeAddress()
                    ? "too many failed sign-ins from " + from.bucket() + "; try again in " + seconds + " s"
                    : "too many failed sign-ins for this user from " + from.ip() + "; try again in " + seconds + " s");
        }
        if (PasswordHasher.matches(password, stored.map(UserStore.StoredUser::passwordHash).orElse(null))) {
            throttle.succeeded(username, epoch, from);
            return SignIn.ok(toUser(stored.get()));
        }
        throttle.failed(username, epoch, from, now);
        return SignIn.failed(password != null && PasswordHasher.tooLong(password)
                ? "password longer than " + PasswordHasher.MAX_BYTES + " bytes" : "wrong user name or password");
    }

    /** Roles this hub does not know (a newer version's, a hand edit) are left out, with one warning per user and role. */
    private User toUser(UserStore.StoredUser u) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String r : u.roles()) {
            try {
                roles.add(Role.valueOf(r));
            } catch (IllegalArgumentException e) {
                if (warnedRoles.add(u.username() + "\u0000" + r)) {
                    LOG.warn("User '{}' has the stored role '{}', which this hub does not know; ignoring it", u.username(), r);
                }
            }
        }
        return new User(u.username(), u.displayName(), roles, u.createdAt());
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
