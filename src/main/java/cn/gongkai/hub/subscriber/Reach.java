package cn.gongkai.hub.subscriber;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A channel a person can be reached on, with the hub channel that carries it: {@code sms} (SMS to the mobile),
 * {@code wechat} (a template message to the openid), {@code email} (through the press-email channel's transport) and
 * {@code qq} (OneBot {@code send_private_msg}).
 */
public enum Reach {
    SMS("sms", "sms", "短信"),
    WECHAT("wechat", "wechat", "微信"),
    EMAIL("email", "press-email", "邮件"),
    QQ("qq", "qq", "QQ");

    private final String wire;
    private final String channel;
    private final String label;

    Reach(String wire, String channel, String label) {
        this.wire = wire;
        this.channel = channel;
        this.label = label;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    /** The hub channel that carries it ({@code press-email} for {@code email}). */
    public String channel() {
        return channel;
    }

    /** The Chinese name (短信), also accepted in files. */
    public String label() {
        return label;
    }

    /** By wire name, Chinese name or hub channel name, ignoring case and spaces. */
    public static Optional<Reach> find(String s) {
        if (s == null) {
            return Optional.empty();
        }
        String t = s.strip();
        for (Reach r : values()) {
            if (r.wire.equalsIgnoreCase(t) || r.label.equalsIgnoreCase(t) || r.channel.equalsIgnoreCase(t)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /** The one carried by hub channel {@code channel}. */
    public static Optional<Reach> ofChannel(String channel) {
        return Arrays.stream(values()).filter(r -> r.channel.equals(channel)).findFirst();
    }

    @JsonCreator
    static Reach json(String s) {
        return find(s).orElseThrow(() -> new IllegalArgumentException("unknown channel '" + s + "'; one of " + names()));
    }

    public static String names() {
        return Arrays.stream(values()).map(Reach::wire).collect(Collectors.joining(", "));
    }
}
