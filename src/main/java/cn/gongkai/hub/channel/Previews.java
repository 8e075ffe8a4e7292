package cn.gongkai.hub.channel;

import cn.gongkai.hub.item.Action;
import cn.gongkai.hub.item.ItemVersion;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;

/**
 * The previews of an item version on the channels it names, each rendered by the channel itself
 * ({@link Channel#preview}) from the publication it would be handed once cleared: the same content, index number and
 * web address as the delivery worker builds ({@code delivery/Publications}).
 */
@Singleton
public class Previews {
    private final ChannelRegistry registry;
    private final ItemLinks links;

    public Previews(ChannelRegistry registry, ItemLinks links) {
        this.registry = registry;
        this.links = links;
    }

    /** One channel of the item: its preview, or why there is none. */
    public record Entry(String channel, ChannelPreview preview, String missing) {
    }

    public List<Entry> of(ItemVersion v) {
        Publication p = new Publication(v.itemId(), v.version(), v.contentHash(), v.content(), Action.PUBLISH, null,
                v.indexNumber(), v.content().notice() != null ? null : links.itemUrl(v.itemId()));
        List<Entry> out = new ArrayList<>();
        for (String name : v.content().channels()) {
            Channel channel = registry.channel(name).orElse(null);
            if (channel == null || !registry.settings(name).map(ChannelSettings::enabled).orElse(false)) {
                out.add(new Entry(name, null, "该渠道已停用或未配置"));
                continue;
            }
            out.add(channel.preview(p).map(c -> new Entry(name, c, null))
                    .orElseGet(() -> new Entry(name, null, "该渠道不提供预览")));
        }
        return out;
    }
}
