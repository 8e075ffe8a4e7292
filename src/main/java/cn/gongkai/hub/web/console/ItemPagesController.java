package cn.gongkai.hub.web.console;

import cn.gongkai.hub.HubException;
import cn.gongkai.hub.item.Item;
import cn.gongkai.hub.item.ItemService;
import cn.gongkai.hub.item.ItemState;
import cn.gongkai.hub.item.ItemVersion;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** 信息列表 and 信息详情: anyone signed in reads items; what they may do with one depends on their roles. */
@Controller(value = "/console/items", produces = MediaType.TEXT_HTML)
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
class ItemPagesController {
    static final int PAGE_SIZE = 20;
    private static final int VERSIONS_SHOWN = 30;

    private final ConsolePages pages;
    private final ItemService items;
    private final ItemViews views;

    ItemPagesController(ConsolePages pages, ItemService items, ItemViews views) {
        this.pages = pages;
        this.items = items;
        this.views = views;
    }

    /** One version in the item's history. */
    public record VersionRow(int version, String author, String at, String hash, boolean current) {
    }

    @Get
    HttpResponse<?> list(HttpRequest<?> request, @Nullable @QueryValue String state, @Nullable @QueryValue String category,
                         @Nullable @QueryValue String page) {
        Map<String, Object> m = pages.model(request);
        String st = state == null ? "" : state.strip();
        String cat = category == null ? "" : category.strip();
        int p = 1;
        try {
            p = page == null || page.isBlank() ? 1 : Math.max(1, Integer.parseInt(page.strip()));
        } catch (NumberFormatException e) {
            p = 1;
        }
        m.put("state", st);
        m.put("category", cat);
        m.put("states", views.states());
        m.put("columns", views.columns());
        HttpStatus status = HttpStatus.OK;
        try {
            ItemService.Page result = items.list(st, cat, p, PAGE_SIZE);
            long pagesTotal = Math.max(1, (result.total() + PAGE_SIZE - 1) / PAGE_SIZE);
            m.put("rows", views.rows(result.items()));
            m.put("total", result.total());
            m.put("pageNo", p);
            m.put("pages", pagesTotal);
            m.put("prev", p > 1 ? link(st, cat, p - 1) : null);
            m.put("next", p < pagesTotal ? link(st, cat, p + 1) : null);
        } catch (HubException e) {
            status = HttpStatus.BAD_REQUEST;
            m.put("rows", List.of());
            m.put("total", 0L);
            m.put("pageNo", 1);
            m.put("pages", 1L);
            m.put("error", "筛选条件无效，请重新选择状态和栏目。");
        }
        return pages.render(request, status, "console/items/list", m);
    }

    private static String link(String state, String category, int page) {
        return "/console/items?state=" + cn.gongkai.hub.channel.render.Texts.pathSegment(state) + "&category="
                + cn.gongkai.hub.channel.render.Texts.pathSegment(category) + "&page=" + page;
    }

    @Get("/{id}")
    HttpResponse<?> item(HttpRequest<?> request, String id, @Nullable @QueryValue String done) {
        Item item;
        try {
            item = items.get(id);
        } catch (HubException e) {
            return notFound(request, pages);
        }
        return page(request, HttpStatus.OK, item, notice(done), Map.of());
    }

    static HttpResponse<?> notFound(HttpRequest<?> request, ConsolePages pages) {
        return pages.problem(request, HttpStatus.NOT_FOUND, "找不到这条信息", "这条信息不存在，可能地址有误。请回到信息列表查找。");
    }

    /** The item page with {@code notice} on top and {@code extra} in the model (an upload's error). */
    HttpResponse<?> page(HttpRequest<?> request, HttpStatus status, Item item, String notice, Map<String, Object> extra) {
        Map<String, Object> m = pages.model(request);
        ConsolePages.Page page = (ConsolePages.Page) m.get("page");
        m.put("row", views.row(item));
        m.put("c", item.content());
        m.put("disclosure", ItemLabels.disclosure(item.content().disclosure()));
        m.put("urgency", ItemLabels.urgency(item.content().urgency()));
        m.put("created", views.time(item.createdAt()));
        m.put("attachments", views.attachments(item));
        m.put("versions", versions(item));
        m.put("notice", notice);
        boolean editor = page.has("EDITOR");
        m.put("canEdit", editor && item.state() == ItemState.DRAFT);
        m.put("canSubmit", editor && item.state() == ItemState.DRAFT);
        m.put("canReview", item.state() == ItemState.IN_REVIEW && (page.has("REVIEWER") || page.has("APPROVER")));
        m.put("canPublish", page.has("APPROVER") && item.state() != ItemState.DRAFT && item.state() != ItemState.IN_REVIEW);
        m.putAll(extra);
        return pages.render(request, status, "console/items/page", m);
    }

    private List<VersionRow> versions(Item item) {
        List<VersionRow> out = new ArrayList<>();
        for (int v = item.version(); v >= 1 && out.size() < VERSIONS_SHOWN; v--) {
            ItemVersion iv = items.version(item.id(), v);
            out.add(new VersionRow(v, iv.author(), views.time(iv.createdAt()), iv.contentHash() == null ? ""
                    : iv.contentHash().substring(0, Math.min(12, iv.contentHash().length())), v == item.version()));
        }
        return out;
    }

    private static String notice(String done) {
        if (done == null) {
            return null;
        }
        Map<String, String> words = new LinkedHashMap<>();
        words.put("created", "信息已保存为草稿。");
        words.put("saved", "修改已保存为新版本。");
        words.put("uploaded", "附件已上传。");
        words.put("submitted", "已提交审查。");
        return words.get(done);
    }
}
