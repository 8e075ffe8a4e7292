package cn.gongkai.hub.account;

import at.favre.lib.crypto.bcrypt.BCrypt;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * BCrypt (cost 10) password hashes. BCrypt reads at most 72 bytes of a password, so longer ones are refused when
 * set and never match when checked.
 *
 * <p>{@link #matches} costs one BCrypt verification whatever it is given: no stored hash (an unknown user, a user
 * whose hash is missing) and passwords over 72 bytes are checked against a dummy hash of the same cost, so the time
 * a sign-in takes does not tell whether the user exists.
 */
final class PasswordHasher {
    static final int COST = 10;
    static final int MAX_BYTES = 72;
    private static final String DUMMY_HASH = hash(randomHex(16));
    private static final byte[] DUMMY_PASSWORD = "not-a-password".getBytes(StandardCharsets.UTF_8);

    private PasswordHasher() {
    }

    static boolean tooLong(String password) {
        return password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES;
    }

    static String hash(String password) {
        return BCrypt.withDefaults().hashToString(COST, password.toCharArray());
    }

    static boolean matches(String password, String hash) {
        boolean usable = password != null && !tooLong(password) && hash != null && hash.startsWith("$2");
        byte[] pw = usable ? password.getBytes(StandardCharsets.UTF_8) : DUMMY_PASSWORD;
        byte[] h = (usable ? hash : DUMMY_HASH).getBytes(StandardCharsets.UTF_8);
        boolean verified = BCrypt.verifyer().verify(pw, h).verified;
        return usable && verified;
    }

    static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
