package cn.gongkai.hub.channel.wechat;

import cn.gongkai.hub.channel.Transport;

/** A transport of WeChat articles: the type the channel's own transport beans are injected by. */
public interface WeChatTransport extends Transport<WeChatMessage> {
}
