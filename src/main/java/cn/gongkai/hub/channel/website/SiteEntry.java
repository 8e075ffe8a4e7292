package cn.gongkai.hub.channel.website;

import java.time.Instant;

/**
 * What the static site keeps of one online item: enough to list it on the column pages, the home page, the feed and
 * the sitemap without reading the item, and which version to read when the site is rebuilt.
 *
 * @param column    the catalogue column code the item is listed in
 * @param published when it first went online (发布日期; kept when the item is republished)
 * @param updated   when its current version went online
 */
public record SiteEntry(String itemId, int version, String column, String title, String indexNumber, String issuer,
                        String docNumber, String summary, Instant published, Instant updated) {
}
