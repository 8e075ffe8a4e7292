package cn.gongkai.hub;

/** A config record bound from one channel's file; start-up errors name that file. */
public interface ChannelConfigured {
    String channelName();
}
