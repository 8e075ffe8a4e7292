package cn.gongkai.hub.delivery;

import cn.gongkai.hub.HubConfig;
import cn.gongkai.hub.channel.Publication;
import cn.gongkai.hub.item.ItemStore;
import cn.gongkai.hub.item.ItemVersion;
import jakarta.inject.Singleton;

import java.util.Map;

/** Builds what a channel is handed for an item version; versions never change, so this reads each once per batch. */
@Singleton
class Publications {
    private final ItemStore items;
    private final String baseUrl;

    Publications(ItemStore items, HubConfig hub, io.micronaut.context.env.Environment env) {
        this.items = items;
        // item pages live on the office's website (channel-config/website.yml base-url); the hub's own address otherwise
        String site = env.getProperty("hub.channels.website.base-url", String.class).orElse(hub.baseUrl() + "/site");
        this.baseUrl = site == null ? "" : site.replaceAll("/+$", "");
    }

    Publication of(String itemId, int version, String action) {
        ItemVersion v = items.version(itemId, version)
                .orElseThrow(() -> new IllegalStateException("version " + version + " of item " + itemId + " is missing"));
        Map<String, String> meta = items.fields(itemId);
        boolean withdraw = "withdraw".equals(action);
        return new Publication(itemId, version, v.contentHash(), v.content(),
                withdraw ? Publication.Action.WITHDRAW : Publication.Action.PUBLISH,
                withdraw ? meta.get("stateReason") : null, meta.get("indexNumber"), baseUrl + "/items/" + itemId + ".html");
    }
}
