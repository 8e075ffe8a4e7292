package cn.gongkai.hub.delivery;

import cn.gongkai.hub.HubConfig;
import cn.gongkai.hub.channel.Publication;
import cn.gongkai.hub.item.ItemVersion;
import cn.gongkai.hub.review.Clearance;
import jakarta.inject.Singleton;

/** What a channel is handed for a cleared item version: built from the version the gate checked, never read again. */
@Singleton
class Publications {
    private final String baseUrl;

    Publications(HubConfig hub, io.micronaut.context.env.Environment env) {
        // item pages live on the office's website (channel-config/website.yml base-url); the hub's own address otherwise
        String site = env.getProperty("hub.channels.website.base-url", String.class).orElse(hub.baseUrl() + "/site");
        this.baseUrl = site == null ? "" : site.replaceAll("/+$", "");
    }

    Publication of(Clearance.Cleared cleared) {
        ItemVersion v = cleared.version();
        return new Publication(v.itemId(), v.version(), v.contentHash(), v.content(), cleared.action(),
                cleared.withdrawal() == null ? null : cleared.withdrawal().reason(), v.indexNumber(),
                baseUrl + "/items/" + v.itemId() + ".html");
    }
}
