package cn.gongkai.hub.channel.sms;

import cn.gongkai.hub.channel.ChannelDescriptor;
import io.micronaut.core.annotation.Introspected;

import java.util.Map;

/** SMS broadcast lists; providers fail over in the order {@code transport:} names them. */
@Introspected
public final class SmsDescriptor implements ChannelDescriptor {
    @Override
    public String name() {
        return "sms";
    }

    @Override
    public Class<? extends Record> config() {
        return SmsConfig.class;
    }

    @Override
    public Map<String, Class<? extends Record>> entries() {
        return Map.of("lists", SmsList.class);
    }

    @Override
    public Map<String, Class<? extends Record>> transports() {
        return Map.of("smpp", SmppConfig.class, "aliyun", AliyunSmsConfig.class, "tencent", TencentSmsConfig.class);
    }

    @Override
    public boolean failover() {
        return true;
    }

    @Override
    public boolean resendSafe() {
        return false;
    }
}
