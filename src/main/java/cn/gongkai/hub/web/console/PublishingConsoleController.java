package cn.gongkai.hub.web.console;

import cn.gongkai.hub.HubException;
import cn.gongkai.hub.audit.Actor;
import cn.gongkai.hub.channel.ChannelRegistry;
import cn.gongkai.hub.channel.ChannelSettings;
import cn.gongkai.hub.delivery.DeliveryQueries;
import cn.gongkai.hub.delivery.PublishService;
import cn.gongkai.hub.delivery.WithdrawalReports;
import cn.gongkai.hub.item.Item;
import cn.gongkai.hub.item.ItemService;
import cn.gongkai.hub.item.ItemState;
import cn.gongkai.hub.item.ItemStore;
import io.micronaut.core.annotation.Nullable;
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
import io.micronaut.views.View;

import java.net.URI;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * 发布与撤回: approved and published items; one item's publication (now or at a time, on some of its channels) with
 * its progress per channel polled by htmx while deliveries are open; its withdrawal and the per-channel report. The
 * roles follow the JSON API: EDITOR or APPROVER publish, only an APPROVER withdraws.
 */
@Controller(value = "/console/publishing", produces = MediaType.TEXT_HTML)
@Secured({"EDITOR", "APPROVER"})
@ExecuteOn(TaskExecutors.BLOCKING)
class PublishingConsoleController {
    static final List<ItemState> LISTED = List.of(ItemState.APPROVED, ItemState.PUBLISHING, ItemState.PUBLISHED,
            ItemState.PARTIALLY_PUBLISHED, ItemState.WITHDRAWN);
    /** States in which nothing changes by itself any more once every delivery is finished. */
    static final Set<ItemState> SETTLED = EnumSet.of(ItemState.PUBLISHED, ItemState.PARTIALLY_PUBLISHED, ItemState.WITHDRAWN);

    private final ConsolePages pages;
    private final ItemService items;
    private final PublishService publisher;
    private final DeliveryQueries queries;
    private final WithdrawalReports withdrawals;
    private final ChannelRegistry channels;
    private final PublishingLabels labels;

    PublishingConsoleController(ConsolePages pages, ItemService items, PublishService publisher, DeliveryQueries queries,
                                WithdrawalReports withdrawals, ChannelRegistry channels, PublishingLabels labels) {
        this.pages = pages;
        this.items = items;
        this.publisher = publisher;
        this.queries = queries;
        this.withdrawals = withdrawals;
        this.channels = channels;
        this.labels = labels;
    }

    @Get
    @View("console/publishing/list")
    Map<String, Object> list(HttpRequest<?> request) {
        Map<String, Object> m = pages.model(request);
        Map<String, List<Item>> byState = new LinkedHashMap<>();
        for (ItemState s : LISTED) {
            byState.put(s.name(), items.list(s.name(), null, 1, 200).items());
        }
        m.put("byState", byState);
        m.put("states", LISTED);
        m.put("labels", labels);
        return m;
    }

    public record PublishForm(@Nullable String _csrf, @Nullable String when, @Nullable String publishAt, @Nullable List<String> channels) {
    }

    public record WithdrawForm(@Nullable String _csrf, @Nullable String reason) {
    }

    @Get("/{id}")
    HttpResponse<?> page(HttpRequest<?> request, String id) {
        Item item = item(request, id).orElse(null);
        return item == null ? notFound(request, id) : render(request, HttpStatus.OK, item, null, null, null);
    }

    @Post(value = "/{id}/publish", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    HttpResponse<?> publish(HttpRequest<?> request, String id, @Body PublishForm form, Authentication auth) {
        Item item = item(request, id).orElse(null);
        if (item == null) {
            return notFound(request, id);
        }
        String at = "at".equals(form.when()) ? (form.publishAt() == null || form.publishAt().isBlank() ? "" : form.publishAt()) : null;
        if (at != null && at.isEmpty()) {
            return render(request, HttpStatus.BAD_REQUEST, item, form, "请填写定时发布的日期和时间。", null);
        }
        if (form.channels() == null || form.channels().isEmpty()) {
            return render(request, HttpStatus.BAD_REQUEST, item, form, "请至少选择一个发布渠道。", null);
        }
        try {
            publisher.publish(id, form.channels(), at, actor(auth, "APPROVER", "EDITOR"));
        } catch (HubException e) {
            return render(request, HttpStatus.valueOf(e.status()), item, form, publishRefusal(e), e.getMessage());
        }
        return HttpResponse.seeOther(URI.create("/console/publishing/" + id + (at == null ? "?published=1" : "?scheduled=1")));
    }

    @Post(value = "/{id}/withdraw", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    @Secured("APPROVER")
    HttpResponse<?> withdraw(HttpRequest<?> request, String id, @Body WithdrawForm form, Authentication auth) {
        Item item = item(request, id).orElse(null);
        if (item == null) {
            return notFound(request, id);
        }
        try {
            publisher.withdraw(id, form.reason(), actor(auth, "APPROVER"));
        } catch (HubException e) {
            String words = e.status() == 400 ? "请填写撤回原因：它会写进更正通知，也会记入审计日志。"
                    : e.status() == 409 ? "这条信息现在没有可以撤回的已发布版本。" : "撤回没有执行。";
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("withdrawError", words);
            extra.put("withdrawReason", form.reason());
            return render(request, HttpStatus.valueOf(e.status()), item, null, null, e.getMessage(), extra);
        }
        return HttpResponse.seeOther(URI.create("/console/publishing/" + id + "/withdrawal"));
    }

    /** The progress fragment htmx polls every 2 s; without {@code hx-get} once the item is settled and nothing is open. */
    @Get("/{id}/progress")
    HttpResponse<?> progress(HttpRequest<?> request, String id) {
        Item item = item(request, id).orElse(null);
        if (item == null) {
            return notFound(request, id);
        }
        Map<String, Object> m = pages.model(request);
        progressModel(m, item);
        return pages.render(request, HttpStatus.OK, "console/publishing/progress", m);
    }

    @Get("/{id}/withdrawal")
    HttpResponse<?> withdrawal(HttpRequest<?> request, String id) {
        return withdrawalPage(request, id, "console/publishing/withdrawal");
    }

    @Get("/{id}/withdrawal/progress")
    HttpResponse<?> withdrawalProgress(HttpRequest<?> request, String id) {
        return withdrawalPage(request, id, "console/publishing/withdrawal-report");
    }

    private HttpResponse<?> withdrawalPage(HttpRequest<?> request, String id, String view) {
        Item item = item(request, id).orElse(null);
        if (item == null) {
            return notFound(request, id);
        }
        if (item.withdrawal() == null) {
            return pages.problem(request, HttpStatus.CONFLICT, "尚未撤回", "这条信息没有撤回过，所以没有撤回报告。");
        }
        WithdrawalReports.Report report = withdrawals.of(id);
        Map<String, Object> m = pages.model(request);
        m.put("item", item);
        m.put("report", report);
        m.put("labels", labels);
        // the withdrawal goes out on the streams after it is recorded: channels show up page by page while it is planned,
        // so one channel may be done before another has appeared; polling goes on until every channel of the item is in
        java.util.Set<String> shown = report.channels().stream().map(WithdrawalReports.ChannelResult::channel)
                .collect(java.util.stream.Collectors.toSet());
        boolean open = report.channels().isEmpty() || report.channels().stream().anyMatch(c -> c.pending() > 0)
                || !shown.containsAll(item.content().channels());
        m.put("poll", open && report.at() != null && report.at().isAfter(java.time.Instant.now().minusSeconds(300)));
        return pages.render(request, HttpStatus.OK, view, m);
    }

    private void progressModel(Map<String, Object> m, Item item) {
        DeliveryQueries.PublicationProgress p = queries.publication(item.id());
        m.put("item", item);
        m.put("progress", p);
        m.put("labels", labels);
        boolean settled = SETTLED.contains(item.state()) && p.finished();
        boolean idle = item.state() == ItemState.APPROVED && item.scheduledAt() == null;
        m.put("poll", !settled && !idle);
    }

    private HttpResponse<?> render(HttpRequest<?> request, HttpStatus status, Item item, @Nullable PublishForm form,
                                   @Nullable String publishError, @Nullable String detail) {
        return render(request, status, item, form, publishError, detail, Map.of());
    }

    private HttpResponse<?> render(HttpRequest<?> request, HttpStatus status, Item item, @Nullable PublishForm form,
                                   @Nullable String publishError, @Nullable String detail, Map<String, Object> extra) {
        Map<String, Object> m = pages.model(request);
        progressModel(m, item);
        String flash = request.getParameters().get("published") != null ? "published"
                : request.getParameters().get("scheduled") != null ? "scheduled" : null;
        m.put("flash", form == null && extra.isEmpty() ? flash : null);
        List<String> offered = new ArrayList<>();
        for (String c : item.content().channels()) {
            if (channels.settings(c).map(ChannelSettings::enabled).orElse(false)) {
                offered.add(c);
            }
        }
        m.put("offered", offered);
        m.put("chosen", form == null || form.channels() == null ? offered : form.channels());
        m.put("form", form);
        m.put("publishError", publishError);
        m.put("detail", detail);
        m.put("zone", labels.zone().getId());
        m.put("publishable", item.state() == ItemState.APPROVED || item.state() == ItemState.PUBLISHED
                || item.state() == ItemState.PARTIALLY_PUBLISHED);
        m.put("withdrawable", ItemStore.withdrawable(item) > 0 && (item.withdrawal() == null || item.withdrawal().version() < ItemStore.withdrawable(item)));
        m.putAll(extra);
        return pages.render(request, status, "console/publishing/item", m);
    }

    private static String publishRefusal(HubException e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        if (e.status() == 409 && m.contains("not cleared")) {
            return "审查门没有放行：这一版本没有有效的终审批准（或内容已被改动、已撤回），不能发布。";
        }
        if (e.status() == 409) {
            return "这条信息在您操作期间发生了变化，请刷新页面后重试。";
        }
        if (e.errors() != null && e.errors().stream().anyMatch(f -> f.field().equals("publishAt"))) {
            return "定时发布的时间不对：不能早于现在，也不能晚于一年以后。";
        }
        if (e.errors() != null && e.errors().stream().anyMatch(f -> f.field().equals("channels"))) {
            return "所选渠道不在审查批准的渠道之内，或该渠道已停用。";
        }
        return "发布没有执行。";
    }

    private java.util.Optional<Item> item(HttpRequest<?> request, String id) {
        try {
            return java.util.Optional.of(items.get(id));
        } catch (HubException e) {
            return java.util.Optional.empty();
        }
    }

    private HttpResponse<?> notFound(HttpRequest<?> request, String id) {
        return pages.problem(request, HttpStatus.NOT_FOUND, "找不到这条信息", "没有编号为 " + id + " 的信息。");
    }

    /** The signed-in person in the first of {@code roles} they hold, as the audit log records them. */
    static Actor actor(Authentication auth, String... roles) {
        for (String r : roles) {
            if (auth.getRoles().contains(r)) {
                return Actor.of(auth.getName(), r);
            }
        }
        throw HubException.forbidden(auth.getName() + " holds none of " + String.join(", ", roles));
    }
}
