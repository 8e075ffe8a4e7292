package cn.gongkai.hub.channel.wechat;

import cn.gongkai.hub.ChannelConfigured;
import cn.gongkai.hub.channel.Secret;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import io.micronaut.core.convert.format.MapFormat;
import io.micronaut.core.naming.conventions.StringConvention;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.time.Duration;
import java.util.Map;

/**
 * {@code wechat:} in {@code channel-config/wechat.yml}: the official account's API through WxJava.
 *
 * @param apiHost        {@code https://api.weixin.qq.com}, or a loopback address (tests, an egress proxy)
 * @param appId          the account's AppID
 * @param appSecret      the AppSecret, from the environment ({@code WECHAT_APP_SECRET})
 * @param massSend       catalogue column (name or code) → {@code all} or {@code tag:<id>}: the items of those columns are
 *                       also pushed to followers with a mass send; the other columns are published without a push
 * @param defaultCover   a JPEG the article's cover is made of when the item has no image
 * @param timeout        connect and read timeout of one API call
 * @param pollInterval   how long to wait before looking at a publication WeChat is still publishing
 * @param publishTimeout how long a publication may stay "publishing" before it is left to a person (IN_DOUBT)
 */
@ConfigurationProperties("hub.channels.wechat.wechat")
public record WxJavaConfig(
        @NotBlank @Pattern(regexp = "https?://[^\\s/]+/?", message = "must be an address such as https://api.weixin.qq.com") String apiHost,
        @NotBlank String appId,
        @Secret String appSecret,
        @Nullable @MapFormat(keyFormat = StringConvention.RAW) Map<String, String> massSend,
        @NotBlank String defaultCover,
        @Bindable(defaultValue = "10s") @NotNull Duration timeout,
        @Bindable(defaultValue = "30s") @NotNull Duration pollInterval,
        @Bindable(defaultValue = "24h") @NotNull Duration publishTimeout) implements ChannelConfigured {

    public WxJavaConfig {
        massSend = massSend == null ? Map.of() : Map.copyOf(massSend);
    }

    @Override
    public String channelName() {
        return "wechat";
    }

    @Override
    public String toString() {
        return "WxJavaConfig[" + apiHost + ", " + appId + ", mass-send " + massSend + "]";
    }
}
