package cn.gongkai.hub.subscriber;

import cn.gongkai.hub.HubConfig;
import cn.gongkai.hub.channel.UnsubscribeLinks;
import cn.gongkai.hub.redis.HubSecret;
import jakarta.inject.Singleton;

import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;

/**
 * Signed one-click unsubscribe tokens: {@code <subscriber id>.<channel>.<signature>}, the signature 16 bytes of an
 * HMAC-SHA256 under the hub's secret (base64url), checked in constant time. A token names a person and a channel, never
 * an address, so the link in an e-mail (and in any access log) carries no personal data.
 */
@Singleton
public class UnsubscribeTokens implements UnsubscribeLinks {
    private static final String PURPOSE = "unsubscribe";
    private final HubSecret secret;
    private final String base;

    public UnsubscribeTokens(HubSecret secret, HubConfig hub) {
        this.secret = secret;
        this.base = hub.baseUrl() == null ? "" : hub.baseUrl().replaceAll("/+$", "");
    }

    public record Token(String subscriberId, Reach channel) {
    }

    public String token(String subscriberId, Reach channel) {
        String body = subscriberId + "." + channel.wire();
        return body + "." + sign(body);
    }

    @Override
    public String link(String subscriberId, String channel) {
        Reach r = Reach.ofChannel(channel).orElseThrow(() -> new IllegalArgumentException("no subscriber channel " + channel));
        return base + "/unsubscribe/" + token(subscriberId, r);
    }

    /** The person and channel of a token, or empty when it is malformed or its signature does not match. */
    public Optional<Token> read(String token) {
        if (token == null || token.length() > 200) {
            return Optional.empty();
        }
        String[] parts = token.split("\\.");
        if (parts.length != 3 || !parts[0].matches("s\\d{1,18}")) {
            return Optional.empty();
        }
        Optional<Reach> r = Reach.find(parts[1]).filter(x -> x.wire().equals(parts[1]));
        if (r.isEmpty()) {
            return Optional.empty();
        }
        String expected = sign(parts[0] + "." + parts[1]);
        if (!MessageDigest.isEqual(expected.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                parts[2].getBytes(java.nio.charset.StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        return Optional.of(new Token(parts[0], r.get()));
    }

    private String sign(String body) {
        byte[] mac = secret.mac(PURPOSE, body);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(mac, 16));
    }
}
