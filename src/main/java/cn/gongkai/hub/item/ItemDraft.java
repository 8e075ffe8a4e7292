package cn.gongkai.hub.item;

import java.util.List;
import java.util.Set;

/**
 * What an editor sends to draft an item ({@code POST /api/items}) or replace its content ({@code PUT /api/items/{id}}),
 * as read from the request; {@link ItemService#problems(ItemDraft)} lists everything wrong with it at once.
 *
 * @param category   a catalogue column by code ({@code ywgz}) or name (业务工作)
 * @param disclosure 主动公开, 依申请公开 or 不予公开 (default 主动公开)
 * @param urgency    normal or urgent (default normal)
 * @param formedAt   yyyy-MM-dd, the day the information was formed or changed (default: the day the item is created;
 *                   a new version without it keeps the one before)
 */
public record ItemDraft(String title, String body, String summary, String category, String disclosure, String docNumber,
                        String issuer, List<String> channels, String urgency, String formedAt) {
    /** The fields of the request body. */
    public static final Set<String> FIELDS = Set.of("title", "body", "summary", "category", "disclosure", "docNumber",
            "issuer", "channels", "urgency", "formedAt");

    public ItemDraft(String title, String body, String summary, String category, String disclosure, String docNumber,
                     String issuer, List<String> channels, String urgency) {
        this(title, body, summary, category, disclosure, docNumber, issuer, channels, urgency, null);
    }
}
