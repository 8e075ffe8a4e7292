package cn.gongkai.hub.channel.qq;

import cn.gongkai.hub.channel.ChannelDescriptor;
import io.micronaut.core.annotation.Introspected;

import java.util.Map;

/** QQ groups through a OneBot 11 bot. */
@Introspected
public final class QqDescriptor implements ChannelDescriptor {
    @Override
    public String name() {
        return "qq";
    }

    @Override
    public String label() {
        return "QQ群";
    }

    @Override
    public Class<? extends Record> config() {
        return null;
    }

    @Override
    public Map<String, Class<? extends Record>> entries() {
        return Map.of("groups", QqGroup.class);
    }

    @Override
    public Map<String, Class<? extends Record>> transports() {
        return Map.of("onebot", OneBotConfig.class);
    }

    @Override
    public boolean resendSafe() {
        return false;
    }
}
