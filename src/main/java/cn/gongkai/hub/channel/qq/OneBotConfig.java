package cn.gongkai.hub.channel.qq;

import cn.gongkai.hub.ChannelConfigured;
import cn.gongkai.hub.channel.Secret;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.time.Duration;

/**
 * {@code onebot:} in {@code channel-config/qq.yml}: a OneBot 11 implementation's HTTP API (NapCat, LLOneBot,
 * go-cqhttp) logged in as the office's QQ account.
 *
 * @param url         its HTTP API address, e.g. {@code http://127.0.0.1:5700}
 * @param accessToken its {@code access_token}, from the environment (sent as {@code Authorization: Bearer})
 * @param timeout     connect and read timeout of one call
 */
@ConfigurationProperties("hub.channels.qq.onebot")
public record OneBotConfig(
        @NotBlank @Pattern(regexp = "https?://[^\\s/]+(/\\S*)?", message = "must be an address such as http://127.0.0.1:5700") String url,
        @Secret String accessToken,
        @Bindable(defaultValue = "10s") @NotNull Duration timeout) implements ChannelConfigured {

    @Override
    public String channelName() {
        return "qq";
    }

    @Override
    public String toString() {
        return "OneBotConfig[" + url + "]";
    }
}
