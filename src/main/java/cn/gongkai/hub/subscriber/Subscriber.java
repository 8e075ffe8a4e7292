package cn.gongkai.hub.subscriber;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A person who gets targeted notices. Tags are {@code 维度:值} ({@code 区域:崇川区}); {@code preferredChannels} are in
 * the person's order; {@code consent} and {@code optedOut} are per channel and kept as history (an opt-out is never
 * deleted, a later consent does not erase it).
 */
public record Subscriber(String id, String name, String mobile, String wechatOpenId, String email, String qqNumber,
                         List<String> tags, List<Reach> preferredChannels, Map<Reach, Consent> consent,
                         Map<Reach, Instant> optedOut, Instant createdAt, Instant updatedAt) {
    public Subscriber {
        tags = tags == null ? List.of() : List.copyOf(tags);
        preferredChannels = preferredChannels == null ? List.of() : List.copyOf(preferredChannels);
        consent = byChannel(consent);
        optedOut = byChannel(optedOut);
    }

    /**
     * In {@link Reach} order, whatever order the map came in: the stores compare a record's JSON with what they read
     * (lua/subscriber/put.lua, delete.lua), so writing a record read back must give the same text. {@code Map.copyOf}
     * iterates in an order that depends on the insertion order and on a per-JVM seed.
     */
    private static <V> Map<Reach, V> byChannel(Map<Reach, V> m) {
        return m == null || m.isEmpty() ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.EnumMap<>(m));
    }

    /** The person's address on a channel, or null. */
    public String address(Reach r) {
        return switch (r) {
            case SMS -> mobile;
            case WECHAT -> wechatOpenId;
            case EMAIL -> email;
            case QQ -> qqNumber;
        };
    }

    public boolean consented(Reach r) {
        Consent c = consent.get(r);
        return c != null && c.given();
    }
}
