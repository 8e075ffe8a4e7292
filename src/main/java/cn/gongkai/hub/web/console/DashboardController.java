package cn.gongkai.hub.web.console;

import cn.gongkai.hub.item.Item;
import cn.gongkai.hub.item.ItemService;
import cn.gongkai.hub.item.ItemState;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.views.View;

import java.util.List;
import java.util.Map;

/** 工作台: what needs the signed-in person today. */
@Controller(value = "/console", produces = MediaType.TEXT_HTML)
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
class DashboardController {
    private final ConsolePages pages;
    private final ItemService items;

    DashboardController(ConsolePages pages, ItemService items) {
        this.pages = pages;
        this.items = items;
    }

    @Get
    @View("console/dashboard")
    Map<String, Object> dashboard(HttpRequest<?> request, Authentication auth) {
        Map<String, Object> m = pages.model(request);
        List<Item> mine = items.list(ItemState.DRAFT.name(), null, 1, 200).items().stream()
                .filter(i -> auth.getName().equals(i.createdBy())).limit(20).toList();
        m.put("drafts", mine);
        return m;
    }
}
