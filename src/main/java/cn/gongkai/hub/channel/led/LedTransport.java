package cn.gongkai.hub.channel.led;

import cn.gongkai.hub.channel.Transport;

/** A transport of LED playlist entries: the type the channel's own transport beans are injected by. */
public interface LedTransport extends Transport<LedEntry> {
}
