package cn.gongkai.hub.redis;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The hub's own signing key: {@code HUB_SECRET} when set (at least 32 characters), otherwise 32 random bytes the
 * first instance stores in Redis ({@code SET NX}), so every instance on the same Redis signs and checks alike.
 * Signs unsubscribe links and makes one-way digests of addresses that must not be kept in clear.
 */
@Singleton
public class HubSecret {
    private final byte[] key;
    // a Mac per thread (doFinal resets it for the next use), so a page of thousands of digests does not set up thousands
    private final ThreadLocal<Mac> macs = new ThreadLocal<>();

    @jakarta.inject.Inject
    HubSecret(RedisAccess redis, RedisKeys keys, @Value("${hub.secret:}") String configured) {
        if (configured != null && !configured.isBlank()) {
            if (configured.length() < 32) {
                throw new IllegalStateException("hub.secret (HUB_SECRET) must be at least 32 characters long");
            }
            this.key = configured.getBytes(StandardCharsets.UTF_8);
        } else {
            byte[] fresh = new byte[32];
            new SecureRandom().nextBytes(fresh);
            redis.sync().setnx(keys.hubSecret(), Base64.getEncoder().encodeToString(fresh));
            this.key = Base64.getDecoder().decode(redis.sync().get(keys.hubSecret()));
        }
    }

    private HubSecret(byte[] key) {
        this.key = key;
    }

    /** A secret with a fixed key (tests, tools). */
    public static HubSecret of(String key) {
        return new HubSecret(key.getBytes(StandardCharsets.UTF_8));
    }

    /** HMAC-SHA256 of {@code text} under the key, for {@code purpose} (each purpose its own key). */
    public byte[] mac(String purpose, String text) {
        try {
            Mac mac = macs.get();
            if (mac == null) {
                mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key, "HmacSHA256"));
                macs.set(mac);
            }
            mac.update(purpose.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A short one-way digest of an address (24 hex characters). */
    public String digest(String purpose, String text) {
        return HexFormat.of().formatHex(mac(purpose, text), 0, 12);
    }
}
