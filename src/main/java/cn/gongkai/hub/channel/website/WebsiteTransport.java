package cn.gongkai.hub.channel.website;

import cn.gongkai.hub.channel.Transport;

/** A transport of website pages: the type the channel's own transport beans are injected by. */
public interface WebsiteTransport extends Transport<WebPage> {
}
