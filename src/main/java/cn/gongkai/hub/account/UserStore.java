package cn.gongkai.hub.account;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where users are kept. Every write is one atomic step: a failure leaves nothing half-written. */
interface UserStore {

    /**
     * A user as stored. {@code roles} are the stored names, possibly ones this hub does not know (written by a newer
     * version or by hand); {@code passwordHash} may be missing in damaged data. {@code signInEpoch} rises with every
     * password reset.
     */
    record StoredUser(String username, String displayName, List<String> roles, String passwordHash, Instant createdAt,
                      long signInEpoch) {
    }

    /** Creates the user unless the name is taken; false when it is. */
    boolean create(StoredUser user);

    Optional<StoredUser> find(String username);

    /** Sorted. */
    List<String> names();

    boolean isEmpty();

    /** Sets the password hash and raises the sign-in epoch; false when there is no such user. */
    boolean resetPassword(String username, String passwordHash);

    enum UpdateStatus { UPDATED, MISSING, LAST_ADMIN }

    /** How an update went; the old values as stored (for the audit log) when it was made. */
    record UpdateResult(UpdateStatus status, String oldDisplayName, List<String> oldRoles) {
    }

    /**
     * Sets the display name and/or the roles (null: keep), in one step that refuses ({@code LAST_ADMIN}) to take
     * ADMIN from the last user who holds it and can sign in.
     */
    UpdateResult update(String username, String displayName, List<String> roles);
}
