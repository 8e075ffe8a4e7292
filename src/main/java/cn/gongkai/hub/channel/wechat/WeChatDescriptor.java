package cn.gongkai.hub.channel.wechat;

import cn.gongkai.hub.channel.ChannelDescriptor;
import io.micronaut.core.annotation.Introspected;

import java.util.Map;

/** The WeChat official account: one target, the account. */
@Introspected
public final class WeChatDescriptor implements ChannelDescriptor {
    @Override
    public String name() {
        return "wechat";
    }

    @Override
    public Class<? extends Record> config() {
        return WeChatConfig.class;
    }

    @Override
    public Map<String, Class<? extends Record>> entries() {
        return Map.of();
    }

    @Override
    public Map<String, Class<? extends Record>> transports() {
        return Map.of("wechat", WxJavaConfig.class);
    }

    @Override
    public boolean resendSafe() {
        return true;
    }
}
