package cn.gongkai.hub.delivery;

import cn.gongkai.hub.channel.Target;
import cn.gongkai.hub.item.ItemContent;

import java.util.List;
import java.util.Map;

/**
 * The people a targeted notice goes to, page by page, each page already split by the channel that reaches each
 * person. The first page resolves the notice's segment into a snapshot kept for the rest of its planning (a planner
 * that stops resumes from the cursor in the same snapshot); the people a page skips (no address, no consent, opted
 * out, over a quota) are recorded with their reason, once each whatever the number of tries.
 */
public interface Audiences {

    /**
     * Up to {@code limit} people after {@code cursor} (null: the start, resolving the segment first).
     *
     * @param channels the hub channels the notice is published on (the planner's, in the notice's order)
     */
    AudiencePage page(PublicationKey pub, ItemContent content, List<String> channels, String cursor, int limit);

    /** Planning of the notice publication ended (every page planned): the snapshot can go. */
    void planned(PublicationKey pub);

    /** @param next null on the last page */
    record AudiencePage(Map<String, List<Target>> byChannel, String next) {
        public AudiencePage {
            byChannel = Map.copyOf(byChannel);
        }
    }
}
