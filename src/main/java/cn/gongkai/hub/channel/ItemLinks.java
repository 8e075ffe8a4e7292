package cn.gongkai.hub.channel;

/**
 * Where an item's page is read by the public. The website channel owns the scheme ({@code website/SiteLinks}); every
 * other channel links to it through this interface, never by building a URL of its own.
 */
public interface ItemLinks {

    /** The public address of an item's page, e.g. {@code https://www.example.gov.cn/xxgk/items/item-42.html}. */
    String itemUrl(String itemId);

    /** The page's path below the site's base address, e.g. {@code items/item-42.html} (where the site writes it). */
    String itemPath(String itemId);
}
