package cn.gongkai.hub.channel.website;

import cn.gongkai.hub.ChannelConfigured;
import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/**
 * {@code channel-config/website.yml}: the office's disclosure site.
 *
 * @param baseUrl  the site's public address, https://www.example.gov.cn/xxgk (the pages link home to it)
 * @param siteName the site's name, in every page title and header
 */
@ConfigurationProperties("hub.channels.website")
public record WebsiteConfig(
        @NotBlank @Pattern(regexp = "https?://[^\\s/]+(/\\S*)?", message = "must be an http(s) address such as https://www.example.gov.cn/xxgk") String baseUrl,
        @NotBlank String siteName) implements ChannelConfigured {

    @Override
    public String channelName() {
        return "website";
    }
}
