package cn.gongkai.hub.channel.sms;

import cn.gongkai.hub.channel.Transport;

/** A transport of SMS: the type the channel's own transport beans are injected by. */
public interface SmsTransport extends Transport<SmsMessage> {
}
