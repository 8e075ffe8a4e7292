package cn.gongkai.hub.channel.led;

import cn.gongkai.hub.channel.ChannelDescriptor;
import io.micronaut.core.annotation.Introspected;

import java.util.Map;

/** LED screens; a playlist entry is replaced when sent again. */
@Introspected
public final class LedDescriptor implements ChannelDescriptor {
    @Override
    public String name() {
        return "led";
    }

    @Override
    public Class<? extends Record> config() {
        return null;
    }

    @Override
    public Map<String, Class<? extends Record>> entries() {
        return Map.of("screens", LedScreen.class);
    }

    @Override
    public Map<String, Class<? extends Record>> transports() {
        return Map.of();
    }

    @Override
    public boolean resendSafe() {
        return true;
    }
}
