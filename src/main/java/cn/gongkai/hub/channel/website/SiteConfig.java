package cn.gongkai.hub.channel.website;

import cn.gongkai.hub.ChannelConfigured;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * {@code site:} in {@code channel-config/website.yml}: the static disclosure site the {@code site} transport writes.
 * Its public address is the channel's {@code base-url} (feed, sitemap and canonical links); inside the site every link
 * is relative, so the same folder works at the hub's {@code /site/} and behind any web server.
 *
 * @param dir      the folder written; empty means {@code $HUB_DATA_DIR/site}. With several hub instances, one folder
 *                 they share (each writes whole pages from the index in Redis)
 * @param pageSize items on one column page
 * @param latest   items on the home page and in the Atom feed
 */
@ConfigurationProperties("hub.channels.website.site")
public record SiteConfig(
        @Bindable(defaultValue = "") String dir,
        @Bindable(defaultValue = "20") @Min(1) @Max(500) int pageSize,
        @Bindable(defaultValue = "20") @Min(1) @Max(500) int latest) implements ChannelConfigured {

    @Override
    public String channelName() {
        return "website";
    }
}
