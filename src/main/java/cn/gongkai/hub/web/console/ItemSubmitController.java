package cn.gongkai.hub.web.console;

import cn.gongkai.hub.HubException;
import cn.gongkai.hub.account.User;
import cn.gongkai.hub.account.UserService;
import cn.gongkai.hub.item.ItemService;
import cn.gongkai.hub.review.ReviewService;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;

import java.net.URI;
import java.util.Map;

/**
 * 提交 (EDITOR): the scan and the move to 审查中 by {@link ReviewService#submit}, the call of
 * {@code POST /api/items/{id}/submit}. When a finding blocks, the page shows every finding in place in the text.
 */
@Controller(value = "/console/items/{id}/submit", produces = MediaType.TEXT_HTML)
@Secured("EDITOR")
@ExecuteOn(TaskExecutors.BLOCKING)
class ItemSubmitController {
    private final ConsolePages pages;
    private final ReviewService reviews;
    private final ItemService items;
    private final UserService users;
    private final ItemViews views;

    ItemSubmitController(ConsolePages pages, ReviewService reviews, ItemService items, UserService users, ItemViews views) {
        this.pages = pages;
        this.reviews = reviews;
        this.items = items;
        this.users = users;
        this.views = views;
    }

    public record SubmitForm(@Nullable String _csrf) {
    }

    @Post(consumes = MediaType.APPLICATION_FORM_URLENCODED)
    HttpResponse<?> submit(HttpRequest<?> request, String id, @Body SubmitForm form, Authentication auth) {
        User editor = users.find(auth.getName()).orElse(null);
        if (editor == null) {
            return pages.problem(request, HttpStatus.FORBIDDEN, "无权访问", "您的账号已不存在，请联系系统管理员。");
        }
        ReviewService.SubmitResult r;
        try {
            r = reviews.submit(id, editor);
        } catch (HubException e) {
            if (e.status() == 404) {
                return ItemPagesController.notFound(request, pages);
            }
            return pages.problem(request, HttpStatus.CONFLICT, "无法提交",
                    "只有草稿可以提交审查；这条信息现在的状态是“" + ItemLabels.state(items.get(id).state()) + "”，或刚被别人修改过。请回到信息页面刷新后再试。");
        }
        if (!r.blocked()) {
            return HttpResponse.seeOther(URI.create("/console/items/" + id + "?done=submitted"));
        }
        Map<String, Object> m = pages.model(request);
        m.put("row", views.row(r.item()));
        m.put("h", ItemHighlights.of(r.item().content(), r.findings()));
        return pages.render(request, HttpStatus.UNPROCESSABLE_ENTITY, "console/items/submit", m);
    }
}
