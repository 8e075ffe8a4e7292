package cn.gongkai.hub.channel.website;

import cn.gongkai.hub.ChannelConfigured;
import cn.gongkai.hub.channel.Secret;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.time.Duration;

/**
 * {@code cms:} in {@code channel-config/website.yml}: an external CMS that takes the office's items over HTTP.
 *
 * @param url     where items are POSTed; a withdrawal is {@code DELETE <url>/<item id>}
 * @param token   sent as {@code Authorization: Bearer}, from the environment ({@code CMS_TOKEN})
 * @param timeout connect and read timeout of one call
 */
@ConfigurationProperties("hub.channels.website.cms")
public record CmsConfig(
        @NotBlank @Pattern(regexp = "https?://[^\\s/]+(/\\S*)?", message = "must be an address such as https://cms.example.gov.cn/api/items") String url,
        @Secret String token,
        @Bindable(defaultValue = "10s") @NotNull Duration timeout) implements ChannelConfigured {

    @Override
    public String channelName() {
        return "website";
    }

    @Override
    public String toString() {
        return "CmsConfig[" + url + "]";
    }
}
