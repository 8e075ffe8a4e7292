package cn.gongkai.hub.channel.website;

import cn.gongkai.hub.channel.ItemLinks;
import cn.gongkai.hub.channel.render.Texts;
import jakarta.inject.Singleton;

/**
 * The website's URL scheme: an item's page is {@code <base-url>/items/<item id>.html}. Item ids are the hub's own
 * ({@code [A-Za-z0-9-]}), so they are safe as a path segment; anything else is percent-encoded all the same.
 */
@Singleton
public final class SiteLinks implements ItemLinks {
    private final String base;

    public SiteLinks(WebsiteConfig config) {
        this(config.baseUrl());
    }

    public SiteLinks(String baseUrl) {
        this.base = baseUrl == null ? "" : baseUrl.strip().replaceAll("/+$", "");
    }

    @Override
    public String itemUrl(String itemId) {
        return base + "/" + itemPath(itemId);
    }

    @Override
    public String itemPath(String itemId) {
        return "items/" + Texts.pathSegment(itemId) + ".html";
    }
}
