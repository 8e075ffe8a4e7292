package cn.gongkai.hub.web.console;

import cn.gongkai.hub.item.Item;
import cn.gongkai.hub.item.ItemContent;
import cn.gongkai.hub.item.ItemDraft;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;

import java.util.List;

/**
 * The item form as posted ({@code POST /console/items}, {@code POST /console/items/{id}}): every field
 * {@link ItemDraft} takes, {@code channels} once per ticked box, and {@code baseVersion}, the version the editor
 * started from (a form opened before someone else saved is refused instead of overwriting their version).
 */
@Introspected
public record ItemForm(@Nullable String title, @Nullable String body, @Nullable String summary, @Nullable String category,
                       @Nullable String disclosure, @Nullable String docNumber, @Nullable String issuer,
                       @Nullable List<String> channels, @Nullable String urgency, @Nullable String formedAt,
                       @Nullable String baseVersion, @Nullable String _csrf) {

    public ItemForm {
        channels = channels == null ? List.of() : List.copyOf(channels);
    }

    /** What the service checks: a field left empty in the form is a field not given. */
    ItemDraft draft() {
        return new ItemDraft(title, body == null ? null : body.replace("\r\n", "\n"), summary, category, blank(disclosure),
                blank(docNumber), blank(issuer), channels, blank(urgency), blank(formedAt));
    }

    public boolean ticked(String channel) {
        return channels.contains(channel);
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** An empty form for a new item: 主动公开, normal urgency, every channel ticked. */
    static ItemForm empty(List<String> channels) {
        return new ItemForm("", "", "", "", "主动公开", "", "", channels, "normal", "", null, null);
    }

    /** The form filled with the item's current version. */
    static ItemForm of(Item item) {
        ItemContent c = item.content();
        return new ItemForm(c.title(), c.body(), nz(c.summary()), c.category(), ItemLabels.disclosure(c.disclosure()), nz(c.docNumber()),
                nz(c.issuer()), c.channels(), c.urgency().json(), c.formedAt() == null ? "" : c.formedAt().toString(),
                String.valueOf(item.version()), null);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
