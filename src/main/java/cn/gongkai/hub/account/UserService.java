package cn.gongkai.hub.account;

import cn.gongkai.hub.HubException;
import cn.gongkai.hub.HubException.FieldError;
import cn.gongkai.hub.audit.Actor;
import cn.gongkai.hub.audit.AuditAction;
import cn.gongkai.hub.audit.AuditEntry;
import cn.gongkai.hub.audit.AuditLog;
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
 * Users and sign-in. Creating or changing a user checks everything before one atomic write, and what was done is
 * written to the {@link AuditLog} after it. Users are never deleted: their names are in the review record. A sign-in
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
    private final AuditLog audit;
    private final Clock clock;
    private final VerifiedPasswords verified;
    private final Set<String> warnedRoles = ConcurrentHashMap.newKeySet();

    UserService(UserStore store, SignInThrottle throttle, AuditLog audit) {
        this.store = store;
        this.throttle = throttle;
        this.audit = audit;
        this.clock = Clock.systemUTC();
        this.verified = new VerifiedPasswords(clock);
    }

    public User create(String username, String displayName, List<String> roleNames, String password, Actor by) {
        List<FieldError> errors = new ArrayList<>();
        if (username == null || !VALID_NAME.matcher(username).matches()) {
            errors.add(new FieldError("username", "is required: 2 to 64 letters, digits, '.', '_' or '-'"));
        }
        displayNameProblem(displayName).ifPresent(p -> errors.add(new FieldError("displayName", p)));
        Set<Role> roles = roles(roleNames, errors);
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
        audit.record(AuditEntry.now(by, AuditAction.USER_CREATED, target(username),
                "roles " + String.join(", ", u.roles()) + "; display name " + u.displayName()));
        return new User(username, u.displayName(), roles, now);
    }

    /**
     * Changes a user's display name and/or roles (null: keep) in one atomic write. Taking ADMIN from the last user
     * who holds it and can sign in is refused (409), so the hub always keeps someone who can manage users.
     */
    public User update(String username, String displayName, List<String> roleNames, Actor by) {
        if (username == null || !VALID_NAME.matcher(username).matches() || store.find(username).isEmpty()) {
            throw HubException.notFound("user '" + username + "'");
        }
        List<FieldError> errors = new ArrayList<>();
        if (displayName != null) {
            displayNameProblem(displayName).ifPresent(p -> errors.add(new FieldError("displayName", p)));
        }
        Set<Role> roles = roleNames == null ? null : roles(roleNames, errors);
        if (!errors.isEmpty()) {
            throw HubException.invalid(errors);
        }
        List<String> roleList = roles == null ? null : roles.stream().map(Enum::name).toList();
        String name = displayName == null ? null : displayName.strip();
        UserStore.UpdateResult r = store.update(username, name, roleList);
        switch (r.status()) {
            case MISSING -> throw HubException.notFound("user '" + username + "'");
            case LAST_ADMIN -> throw HubException.conflict("user '" + username + "' is the last ADMIN who can sign in; "
                    + "give another user ADMIN first, so that someone can still manage users");
            case UPDATED -> {
                if (roleList != null && !Set.copyOf(roleList).equals(Set.copyOf(r.oldRoles()))) {
                    audit.record(AuditEntry.now(by, AuditAction.ROLES_CHANGED, target(username),
                            String.join(", ", r.oldRoles()) + " → " + String.join(", ", roleList)));
                }
                if (name != null && !name.equals(r.oldDisplayName())) {
                    audit.record(AuditEntry.now(by, AuditAction.DISPLAY_NAME_CHANGED, target(username), r.oldDisplayName() + " → " + name));
                }
            }
        }
        return store.find(username).map(this::toUser).orElseThrow(() -> HubException.notFound("user '" + username + "'"));
    }

    private static String target(String username) {
        return "user:" + username;
    }

    private static Optional<String> displayNameProblem(String displayName) {
        if (displayName == null || displayName.isBlank()) {
            return Optional.of("is required");
        }
        return displayName.length() > 100 ? Optional.of("is longer than 100 characters") : Optional.empty();
    }

    private static Set<Role> roles(List<String> roleNames, List<FieldError> errors) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        if (roleNames == null || roleNames.isEmpty()) {
            errors.add(new FieldError("roles", "must name at least one of EDITOR, REVIEWER, APPROVER, ADMIN"));
            return roles;
        }
        for (String r : roleNames) {
            try {
                roles.add(Role.valueOf(String.valueOf(r).strip().toUpperCase()));
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("roles", "unknown role '" + r + "' (EDITOR, REVIEWER, APPROVER, ADMIN)"));
            }
        }
        return roles;
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

    /**
     * The user a console session was started for, while the session may go on: the user still exists and their
     * password has not been reset since ({@code signInEpoch} is the one the session was started under).
     */
    public Optional<User> sessionUser(String username, long signInEpoch) {
        if (username == null || !VALID_NAME.matcher(username).matches()) {
            return Optional.empty();
        }
        return store.find(username).filter(u -> u.passwordHash() != null && u.signInEpoch() == signInEpoch).map(this::toUser);
    }

    /** The user's sign-in epoch (raised by every password reset), 0 for an unknown user. */
    public long signInEpoch(String username) {
        if (username == null || !VALID_NAME.matcher(username).matches()) {
            return 0;
        }
        return store.find(username).map(UserStore.StoredUser::signInEpoch).orElse(0L);
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
    public boolean resetPassword(String username, String password, Actor by) {
        Optional<String> problem = passwordProblem(password);
        if (problem.isPresent()) {
            throw HubException.invalid("password", problem.get());
        }
        if (!store.resetPassword(username, PasswordHasher.hash(password))) {
            return false;
        }
        audit.record(AuditEntry.now(by, AuditAction.USER_PASSWORD_RESET, target(username), "sign-in locks under the old password ended"));
        return true;
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
        String hash = stored.map(UserStore.StoredUser::passwordHash).orElse(null);
        if (verified.confirmed(username, password, hash)) {
            throttle.succeeded(username, epoch, from);
            return SignIn.ok(toUser(stored.get()));
        }
        if (PasswordHasher.matches(password, hash)) {
            verified.remember(username, password, hash);
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
