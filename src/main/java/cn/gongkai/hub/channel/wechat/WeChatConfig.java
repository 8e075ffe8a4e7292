package cn.gongkai.hub.channel.wechat;

import cn.gongkai.hub.ChannelConfigured;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotBlank;

/**
 * {@code channel-config/wechat.yml}: the official account.
 *
 * @param appId       WECHAT_APP_ID; needed by the real transport only, so it may be empty for {@code outbox}
 * @param appSecret   WECHAT_APP_SECRET; never in the file, only the placeholder
 * @param accountName the account's name (the target's label, and the article author when an item has no issuer)
 */
@ConfigurationProperties("hub.channels.wechat")
public record WeChatConfig(
        @Bindable(defaultValue = "") String appId,
        @Bindable(defaultValue = "") String appSecret,
        @NotBlank String accountName) implements ChannelConfigured {

    @Override
    public String channelName() {
        return "wechat";
    }

    @Override
    public String toString() {
        return "WeChatConfig[appId=" + appId + ", appSecret=" + (appSecret == null || appSecret.isEmpty() ? "" : "***")
                + ", accountName=" + accountName + "]";
    }
}
