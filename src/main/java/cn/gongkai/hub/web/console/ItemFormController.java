package cn.gongkai.hub.web.console;

import cn.gongkai.hub.HubException;
import cn.gongkai.hub.item.Item;
import cn.gongkai.hub.item.ItemDraft;
import cn.gongkai.hub.item.ItemService;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * 信息编辑 (EDITOR): the form for a new item and for a new version of one, checked by {@link ItemService#problems} and
 * saved by {@link ItemService#create} / {@link ItemService#update}, the calls of {@code POST /api/items} and
 * {@code PUT /api/items/{id}}. A form with problems comes back with each next to its field and what was typed kept.
 */
@Controller(value = "/console/items", produces = MediaType.TEXT_HTML)
@Secured("EDITOR")
@ExecuteOn(TaskExecutors.BLOCKING)
class ItemFormController {
    private final ConsolePages pages;
    private final ItemService items;
    private final ItemViews views;

    ItemFormController(ConsolePages pages, ItemService items, ItemViews views) {
        this.pages = pages;
        this.items = items;
        this.views = views;
    }

    @Get("/new")
    HttpResponse<?> newItem(HttpRequest<?> request) {
        return form(request, HttpStatus.OK, null, ItemForm.empty(views.channels().stream().map(ItemViews.Choice::value).toList()),
                Map.of(), null);
    }

    @Get("/{id}/edit")
    HttpResponse<?> edit(HttpRequest<?> request, String id) {
        Item item;
        try {
            item = items.get(id);
        } catch (HubException e) {
            return ItemPagesController.notFound(request, pages);
        }
        return form(request, HttpStatus.OK, item, ItemForm.of(item), Map.of(), null);
    }

    @Post(consumes = MediaType.APPLICATION_FORM_URLENCODED)
    HttpResponse<?> create(HttpRequest<?> request, @Body ItemForm form, Authentication auth) {
        ItemDraft draft = form.draft();
        List<HubException.FieldError> problems = items.problems(draft);
        if (!problems.isEmpty()) {
            return form(request, HttpStatus.BAD_REQUEST, null, form, ItemFormErrors.of(problems), null);
        }
        try {
            Item item = items.create(draft, auth.getName());
            return HttpResponse.seeOther(URI.create("/console/items/" + item.id() + "?done=created"));
        } catch (HubException e) {
            return refused(request, null, form, e);
        }
    }

    @Post(value = "/{id}", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    HttpResponse<?> update(HttpRequest<?> request, String id, @Body ItemForm form, Authentication auth) {
        Item current;
        try {
            current = items.get(id);
        } catch (HubException e) {
            return ItemPagesController.notFound(request, pages);
        }
        ItemDraft draft = form.draft();
        List<HubException.FieldError> problems = items.problems(draft);
        if (!problems.isEmpty()) {
            return form(request, HttpStatus.BAD_REQUEST, current, form, ItemFormErrors.of(problems), null);
        }
        if (form.baseVersion() != null && !form.baseVersion().equals(String.valueOf(current.version()))) {
            return form(request, HttpStatus.CONFLICT, current, form, Map.of(),
                    "您打开表单后，这条信息已被修改（现为第 " + current.version() + " 版）。您填写的内容还在下面，请对照最新版本后再保存。");
        }
        try {
            items.update(id, draft, auth.getName());
            return HttpResponse.seeOther(URI.create("/console/items/" + id + "?done=saved"));
        } catch (HubException e) {
            return refused(request, current, form, e);
        }
    }

    private HttpResponse<?> refused(HttpRequest<?> request, Item item, ItemForm form, HubException e) {
        HttpStatus status = HttpStatus.valueOf(e.status() >= 400 && e.status() < 500 ? e.status() : 400);
        String message = e.status() == 409 ? "这条信息刚被别人修改过，请重新打开后再编辑。" : "保存失败，请检查下面标出的内容。";
        return form(request, status, item, form, ItemFormErrors.of(e.errors()), message + "（" + e.getMessage() + "）");
    }

    private HttpResponse<?> form(HttpRequest<?> request, HttpStatus status, Item item, ItemForm form,
                                 Map<String, ItemFormErrors.Problem> errors, String error) {
        Map<String, Object> m = pages.model(request);
        m.put("item", item);
        m.put("f", form);
        m.put("errors", errors);
        m.put("error", error != null ? error : errors.isEmpty() ? null : "有 " + errors.size() + " 处需要修改，请看下面标出的字段。");
        m.put("columns", views.columns());
        m.put("channels", views.channels());
        m.put("action", item == null ? "/console/items" : "/console/items/" + item.id());
        return pages.render(request, status, "console/items/form", m);
    }
}
