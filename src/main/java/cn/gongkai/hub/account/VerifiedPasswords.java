package cn.gongkai.hub.account;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Passwords BCrypt confirmed a short while ago, so that HTTP Basic (the password sent with every request) does not
 * cost a BCrypt check per request: on a busy two-core machine that check is what made every API call slow.
 *
 * <p>What is kept is an HMAC-SHA256 of user and password under a key made at start-up and never stored (the password
 * itself is never kept), tied to the stored hash it matched: a changed password no longer matches, and nothing
 * survives a restart. Only successes are kept, so a wrong password or an unknown user always costs the full check
 * and takes the same time as before. Bounded (least recently used out first); entries expire after {@link #TTL}.
 */
final class VerifiedPasswords {
    static final Duration TTL = Duration.ofMinutes(5);
    static final int MAX_ENTRIES = 10_000;

    private record Entry(String storedHash, long expiresAt) {
    }

    private final SecretKeySpec key;
    private final Clock clock;
    private final Map<String, Entry> entries = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    VerifiedPasswords(Clock clock) {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        this.key = new SecretKeySpec(k, "HmacSHA256");
        this.clock = clock;
    }

    /** Whether BCrypt confirmed this password against exactly {@code storedHash} within the last {@link #TTL}. */
    synchronized boolean confirmed(String username, String password, String storedHash) {
        if (password == null || storedHash == null) {
            return false;
        }
        String id = id(username, password);
        Entry e = entries.get(id);
        if (e == null) {
            return false;
        }
        if (e.expiresAt() <= clock.millis() || !e.storedHash().equals(storedHash)) {
            entries.remove(id);
            return false;
        }
        return true;
    }

    synchronized void remember(String username, String password, String storedHash) {
        entries.put(id(username, password), new Entry(storedHash, clock.millis() + TTL.toMillis()));
    }

    private String id(String username, String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(username.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return HexFormat.of().formatHex(mac.doFinal(password.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
