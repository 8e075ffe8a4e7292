package cn.gongkai.hub.channel.wechat;

import cn.gongkai.hub.channel.Transport;

/** A transport of WeChat articles: the type the channel's own transport beans are injected by. */
public interface WeChatTransport extends Transport<WeChatMessage> {

    /** Whether some columns are also pushed to followers: the channel then has a second target, {@code followers}. */
    default boolean pushesToFollowers() {
        return false;
    }
}
