package cn.gongkai.hub.delivery;

import cn.gongkai.hub.channel.ItemLinks;
import cn.gongkai.hub.channel.Publication;
import cn.gongkai.hub.item.ItemVersion;
import cn.gongkai.hub.review.Clearance;
import jakarta.inject.Singleton;

/**
 * What a channel is handed for a cleared item version: built from the version the gate checked, never read again.
 * The item's public address comes from the website channel ({@link ItemLinks}), which owns the site's URL scheme.
 */
@Singleton
class Publications {
    private final ItemLinks links;

    Publications(ItemLinks links) {
        this.links = links;
    }

    Publication of(Clearance.Cleared cleared) {
        ItemVersion v = cleared.version();
        return new Publication(v.itemId(), v.version(), v.contentHash(), v.content(), cleared.action(),
                cleared.withdrawal() == null ? null : cleared.withdrawal().reason(), v.indexNumber(),
                // a targeted notice is not put on the site, so it links to no page there
                v.content().notice() != null ? null : links.itemUrl(v.itemId()));
    }
}
