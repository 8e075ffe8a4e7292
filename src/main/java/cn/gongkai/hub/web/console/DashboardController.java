package cn.gongkai.hub.web.console;

import cn.gongkai.hub.camel.CamelRuntime;
import cn.gongkai.hub.deadline.DeadlineService;
import cn.gongkai.hub.delivery.ChannelHealth;
import cn.gongkai.hub.item.Item;
import cn.gongkai.hub.item.ItemService;
import cn.gongkai.hub.item.ItemState;
import cn.gongkai.hub.redis.RedisHealth;
import cn.gongkai.hub.review.ReviewService;
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

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * 工作台: what needs the signed-in person today: their drafts, the items waiting for their review stage, deliveries
 * a person must look at, disclosure deadlines due within the next working days or missed, and each channel's transport
 * with its backlog next to the Redis and Camel status of {@code GET /health}.
 */
@Controller(value = "/console", produces = MediaType.TEXT_HTML)
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
class DashboardController {
    private final ConsolePages pages;
    private final ItemService items;
    private final ReviewService reviews;
    private final ChannelHealth health;
    private final DeadlineService deadlines;
    private final RedisHealth redis;
    private final CamelRuntime camel;
    private final PublishingLabels labels;

    DashboardController(ConsolePages pages, ItemService items, ReviewService reviews, ChannelHealth health, DeadlineService deadlines,
                        RedisHealth redis, CamelRuntime camel, PublishingLabels labels) {
        this.pages = pages;
        this.items = items;
        this.reviews = reviews;
        this.health = health;
        this.deadlines = deadlines;
        this.redis = redis;
        this.camel = camel;
        this.labels = labels;
    }

    @Get
    @View("console/dashboard")
    Map<String, Object> dashboard(HttpRequest<?> request, Authentication auth) {
        Map<String, Object> m = pages.model(request);
        List<Item> mine = items.list(ItemState.DRAFT.name(), null, 1, 200).items().stream()
                .filter(i -> auth.getName().equals(i.createdBy())).limit(20).toList();
        m.put("drafts", mine);
        m.put("labels", labels);
        boolean reviewer = auth.getRoles().contains("REVIEWER");
        boolean approver = auth.getRoles().contains("APPROVER");
        if (reviewer || approver) {
            // the stages this person may do; the final one not where they did the first (the service would refuse)
            List<ReviewService.Waiting> waiting = reviews.queue().stream()
                    .filter(w -> ("first".equals(w.stage()) && reviewer)
                            || ("final".equals(w.stage()) && approver && !auth.getName().equals(w.firstBy())))
                    .toList();
            m.put("waiting", waiting);
        }
        List<ChannelHealth.Status> channels = health.channels();
        m.put("channels", channels);
        m.put("needsPerson", ChannelHealth.needsPerson(channels));
        DeadlineService.Report report = deadlines.report(LocalDate.now(labels.zone()).getYear());
        m.put("late", report.late());
        m.put("dueSoon", report.dueSoon());
        m.put("redisStatus", redis.status());
        m.put("camelStatus", camel.status());
        return m;
    }
}
