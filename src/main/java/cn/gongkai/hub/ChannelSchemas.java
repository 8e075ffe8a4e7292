package cn.gongkai.hub;

import cn.gongkai.hub.channel.ChannelConfigFiles.ChannelSchema;
import cn.gongkai.hub.channel.email.PressContact;
import cn.gongkai.hub.channel.email.PressEmailConfig;
import cn.gongkai.hub.channel.led.LedScreen;
import cn.gongkai.hub.channel.qq.QqGroup;
import cn.gongkai.hub.channel.sms.SmsConfig;
import cn.gongkai.hub.channel.sms.SmsList;
import cn.gongkai.hub.channel.website.WebsiteConfig;
import cn.gongkai.hub.channel.wechat.WeChatConfig;

import java.util.Map;

/** Which config records each channel file binds to, for the start-up check of channel-config/. */
public final class ChannelSchemas {
    public static final Map<String, ChannelSchema> ALL = Map.of(
            "website", new ChannelSchema(WebsiteConfig.class, Map.of()),
            "wechat", new ChannelSchema(WeChatConfig.class, Map.of()),
            "sms", new ChannelSchema(SmsConfig.class, Map.of("lists", SmsList.class)),
            "qq", new ChannelSchema(null, Map.of("groups", QqGroup.class)),
            "led", new ChannelSchema(null, Map.of("screens", LedScreen.class)),
            "press-email", new ChannelSchema(PressEmailConfig.class, Map.of("contacts", PressContact.class)));

    private ChannelSchemas() {
    }
}
