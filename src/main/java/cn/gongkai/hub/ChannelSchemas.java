package cn.gongkai.hub;

import cn.gongkai.hub.channel.ChannelConfigFiles.ChannelSchema;

import java.util.Map;

/** Which config records each channel file binds to, for the start-up check of channel-config/. */
final class ChannelSchemas {
    static final Map<String, ChannelSchema> ALL = Map.of();

    private ChannelSchemas() {
    }
}
