package cn.gongkai.hub.channel.wechat;

import cn.gongkai.hub.ChannelConfigured;
import cn.gongkai.hub.channel.Secret;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * {@code callback:} in {@code channel-config/wechat.yml}: the account's message push (消息与事件推送) to
 * {@code /callbacks/wechat} ({@link WeChatCallbacks}).
 *
 * @param token  the Token set in the account's server configuration (WECHAT_CALLBACK_TOKEN); empty: the callback is off
 * @param aesKey the EncodingAESKey (WECHAT_ENCODING_AES_KEY, 43 characters), for the safe and compatible modes;
 *               empty: only plaintext pushes are taken
 */
@ConfigurationProperties("hub.channels.wechat.callback")
public record WeChatCallbackConfig(
        @Secret(optional = true) @Bindable(defaultValue = "") String token,
        @Secret(optional = true) @Bindable(defaultValue = "") String aesKey) implements ChannelConfigured {

    public WeChatCallbackConfig {
        token = token == null ? "" : token.strip();
        aesKey = aesKey == null ? "" : aesKey.strip();
    }

    @Override
    public String channelName() {
        return "wechat";
    }

    @Override
    public String toString() {
        return "WeChatCallbackConfig[token=" + (token.isEmpty() ? "" : "***") + ", aesKey=" + (aesKey.isEmpty() ? "" : "***") + "]";
    }
}
