package cn.gongkai.hub.channel.website;

import cn.gongkai.hub.channel.Publication;

/**
 * One rendered HTML5 page (UTF-8), an item page or a withdrawal notice, with the publication it was rendered from:
 * the {@code site} transport lays the item out in the site's own templates (relative links, the date it first went
 * online) and writes the column pages, feed and sitemap around it.
 */
public record WebPage(String html, Publication source) {

    public WebPage(String html) {
        this(html, null);
    }
}
