package cn.gongkai.hub.channel.pressemail;

import cn.gongkai.hub.channel.ChannelDescriptor;
import io.micronaut.core.annotation.Introspected;

import java.util.Map;

/** Press e-mail: one message per contact. */
@Introspected
public final class PressEmailDescriptor implements ChannelDescriptor {
    @Override
    public String name() {
        return "press-email";
    }

    @Override
    public String label() {
        return "媒体供稿邮件";
    }

    @Override
    public Class<? extends Record> config() {
        return PressEmailConfig.class;
    }

    @Override
    public Map<String, Class<? extends Record>> entries() {
        return Map.of("contacts", PressContact.class);
    }

    @Override
    public Map<String, Class<? extends Record>> transports() {
        return Map.of("smtp", SmtpConfig.class);
    }

    @Override
    public boolean resendSafe() {
        return false;
    }
}
