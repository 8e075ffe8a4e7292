package cn.gongkai.hub.channel;

import java.util.Map;

/**
 * What the hub must know of a channel before it starts: its name (its file {@code channel-config/<name>.yml} and,
 * without the hyphen, its package), the records its file binds to, and its transports. One per channel package,
 * annotated {@code @Introspected} so that {@link ChannelDescriptors} finds it without a running context: the known
 * channels, the file checks and the package rules all come from these, never from a hand-kept list.
 */
public interface ChannelDescriptor {

    /** {@code sms}, {@code press-email}. */
    String name();

    /** The channel as office staff call it, on every console page: {@code 短信}, {@code 媒体供稿邮件}. */
    String label();

    /** The record the top of the file binds to, or null. */
    Class<? extends Record> config();

    /** Entry lists of the file: key → the record each entry binds to ({@code lists} → {@code SmsList}). */
    Map<String, Class<? extends Record>> entries();

    /**
     * The channel's own transports: name → the record the section of that name binds to ({@code smtp} →
     * {@code SmtpConfig}). {@code outbox} and {@code discard} every channel has; they need no section.
     */
    Map<String, Class<? extends Record>> transports();

    /**
     * Sections of the file that are neither a transport nor an entry list, each bound to its own record
     * ({@code notice-template} → {@code NoticeTemplateConfig}): checked like a transport's section whatever the transport;
     * their secrets must be placeholders.
     */
    default Map<String, Class<? extends Record>> sections() {
        return Map.of();
    }

    /** Whether {@code transport:} may be an ordered list to fail over along (SMS providers). */
    default boolean failover() {
        return false;
    }

    /** Resend safety with the outbox or discard transports (each real transport says its own). */
    boolean resendSafe();

    /**
     * Checks what only the channel knows about its file (values that must name something of the channel's), after the
     * generic checks of its keys and types passed; a problem is a {@link ConfigException} naming {@code where} and the key.
     *
     * @param where the file as shown in messages
     * @param file  the file's raw YAML
     */
    default void check(String where, Map<?, ?> file) {
    }

    /** The Java package of the channel: the name without its hyphens. */
    default String packageName() {
        return "cn.gongkai.hub.channel." + name().replace("-", "");
    }
}
