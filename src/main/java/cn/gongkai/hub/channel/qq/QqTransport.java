package cn.gongkai.hub.channel.qq;

import cn.gongkai.hub.channel.Transport;

/** A transport of QQ group messages: the type the channel's own transport beans are injected by. */
public interface QqTransport extends Transport<QqMessage> {
}
