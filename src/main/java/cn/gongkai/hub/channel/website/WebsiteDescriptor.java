package cn.gongkai.hub.channel.website;

import cn.gongkai.hub.channel.ChannelDescriptor;
import io.micronaut.core.annotation.Introspected;

import java.util.Map;

/** The disclosure website: one target, the site; a page is replaced when sent again. */
@Introspected
public final class WebsiteDescriptor implements ChannelDescriptor {
    @Override
    public String name() {
        return "website";
    }

    @Override
    public String label() {
        return "门户网站";
    }

    @Override
    public Class<? extends Record> config() {
        return WebsiteConfig.class;
    }

    @Override
    public Map<String, Class<? extends Record>> entries() {
        return Map.of();
    }

    @Override
    public Map<String, Class<? extends Record>> transports() {
        return Map.of("site", SiteConfig.class, "cms", CmsConfig.class);
    }

    @Override
    public boolean resendSafe() {
        return true;
    }
}
