package cn.gongkai.hub.web.console;

import cn.gongkai.hub.HubException;
import cn.gongkai.hub.channel.ChannelPreview;
import cn.gongkai.hub.channel.Previews;
import cn.gongkai.hub.item.Item;
import cn.gongkai.hub.item.ItemService;
import cn.gongkai.hub.item.ItemVersion;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;

import java.util.List;
import java.util.Map;

/**
 * 预览: the current version as each of its channels would put it out, rendered by the channels themselves
 * ({@link Previews}). A whole HTML document (the site's page, the WeChat article) is served on its own and shown in a
 * sandboxed frame: its styles stay in it, and nothing in it can run.
 */
@Controller(value = "/console/items/{id}/preview", produces = MediaType.TEXT_HTML)
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
class ItemPreviewController {
    /** A frame's document may style itself and show inline images, nothing else; only a console page may frame it. */
    static final String FRAME_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
            + "frame-ancestors 'self'; form-action 'none'; base-uri 'none'; sandbox";

    private final ConsolePages pages;
    private final ItemService items;
    private final Previews previews;
    private final ItemViews views;

    ItemPreviewController(ConsolePages pages, ItemService items, Previews previews, ItemViews views) {
        this.pages = pages;
        this.items = items;
        this.previews = previews;
        this.views = views;
    }

    /** One channel's section: its anchor, heading and preview (or why it has none). */
    public record Section(String anchor, String heading, ChannelPreview preview, String missing) {
    }

    @Get
    HttpResponse<?> preview(HttpRequest<?> request, String id) {
        Item item;
        List<Previews.Entry> entries;
        try {
            item = items.get(id);
            entries = previews.of(items.version(id, item.version()));
        } catch (HubException e) {
            return ItemPagesController.notFound(request, pages);
        }
        Map<String, Object> m = pages.model(request);
        m.put("row", views.row(item));
        m.put("version", item.version());
        m.put("sections", entries.stream().map(e -> new Section("channel-" + e.channel(),
                e.preview() != null ? e.preview().label() : ItemLabels.channel(e.channel()), e.preview(), e.missing())).toList());
        return pages.render(request, HttpStatus.OK, "console/items/preview", m);
    }

    @Get("/{channel}/{n}")
    HttpResponse<?> frame(HttpRequest<?> request, String id, String channel, int n) {
        try {
            Item item = items.get(id);
            ItemVersion v = items.version(id, item.version());
            ChannelPreview p = previews.of(v).stream().filter(e -> e.channel().equals(channel) && e.preview() != null)
                    .map(Previews.Entry::preview).findFirst().orElseThrow(() -> HubException.notFound("preview"));
            if (n < 0 || n >= p.shown().size() || !(p.shown().get(n) instanceof ChannelPreview.Document d)) {
                throw HubException.notFound("preview document");
            }
            return HttpResponse.ok(d.html()).contentType(MediaType.TEXT_HTML_TYPE + ";charset=UTF-8")
                    .header("Content-Security-Policy", FRAME_POLICY)
                    .header("X-Frame-Options", "SAMEORIGIN");
        } catch (HubException e) {
            return pages.problem(request, HttpStatus.NOT_FOUND, "没有这项预览", "这条信息没有这个渠道的预览。");
        }
    }
}
