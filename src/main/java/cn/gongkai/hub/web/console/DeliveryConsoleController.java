package cn.gongkai.hub.web.console;

import cn.gongkai.hub.HubException;
import cn.gongkai.hub.channel.ChannelRegistry;
import cn.gongkai.hub.delivery.ChannelHealth;
import cn.gongkai.hub.delivery.DeliveryQueries;
import cn.gongkai.hub.delivery.DeliveryRecord;
import cn.gongkai.hub.delivery.DeliveryState;
import cn.gongkai.hub.delivery.OperatorActions;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * 投递: deliveries that need a person, by state and channel, or an item's deliveries, page by page with the API's
 * cursors; one delivery with what the hub knows of it; retry (DEAD, FAILED) and resend (IN_DOUBT) for ADMIN only.
 */
@Controller(value = "/console/deliveries", produces = MediaType.TEXT_HTML)
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
class DeliveryConsoleController {
    static final int PAGE = 50;
    static final List<DeliveryState> STATES = List.of(DeliveryState.IN_DOUBT, DeliveryState.DEAD, DeliveryState.FAILED,
            DeliveryState.REFUSED, DeliveryState.RETRYING);

    private final ConsolePages pages;
    private final DeliveryQueries queries;
    private final OperatorActions operator;
    private final ChannelRegistry channels;
    private final ChannelHealth health;
    private final PublishingLabels labels;

    DeliveryConsoleController(ConsolePages pages, DeliveryQueries queries, OperatorActions operator, ChannelRegistry channels,
                              ChannelHealth health, PublishingLabels labels) {
        this.pages = pages;
        this.queries = queries;
        this.operator = operator;
        this.channels = channels;
        this.health = health;
        this.labels = labels;
    }

    @Get
    HttpResponse<?> list(HttpRequest<?> request, @Nullable @QueryValue String item, @Nullable @QueryValue String channel,
                         @Nullable @QueryValue String state, @Nullable @QueryValue String cursor) {
        String it = blank(item);
        String ch = blank(channel);
        String st = blank(state);
        Map<String, Object> m = pages.model(request);
        m.put("labels", labels);
        m.put("channels", List.copyOf(channels.settings().keySet()));
        m.put("states", STATES);
        m.put("item", it);
        m.put("channel", ch);
        // what the filter form shows: the state the person chose; "listed" is the state the list shows
        m.put("state", st);
        m.put("listed", st);
        List<ChannelHealth.Status> statuses = health.channels();
        m.put("health", statuses);
        try {
            DeliveryQueries.Page page;
            if (it != null && st == null) {
                m.put("itemChannels", queries.item(it));
                page = queries.reached(it, ch, blank(cursor), PAGE);
                m.put("listing", "reached");
            } else {
                if (st == null) {
                    // what a person should look at first: the first state with deliveries in it
                    st = STATES.stream().filter(s -> statuses.stream().anyMatch(x -> x.inState().getOrDefault(s, 0L) > 0))
                            .findFirst().orElse(DeliveryState.FAILED).name();
                    m.put("listed", st);
                }
                page = queries.inState(st, ch, blank(cursor), PAGE);
                if (it != null) {
                    String only = it;
                    page = new DeliveryQueries.Page(page.items().stream().filter(d -> only.equals(d.itemId())).toList(), page.nextCursor());
                }
                m.put("listing", "state");
            }
            m.put("deliveries", page.items());
            m.put("nextCursor", page.nextCursor());
            return pages.render(request, HttpStatus.OK, "console/deliveries/list", m);
        } catch (HubException e) {
            m.put("deliveries", List.of());
            m.put("nextCursor", null);
            m.put("listing", "none");
            m.put("filterError", e.status() == 404 ? "找不到这条信息。" : "筛选条件有误：" + e.getMessage());
            return pages.render(request, HttpStatus.valueOf(e.status() == 404 ? 404 : 400), "console/deliveries/list", m);
        }
    }

    @Get("/{id}")
    HttpResponse<?> one(HttpRequest<?> request, String id) {
        return show(request, HttpStatus.OK, id, null, null);
    }

    public record ActionForm(@Nullable String _csrf) {
    }

    @Post(value = "/{id}/retry", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    @Secured("ADMIN")
    HttpResponse<?> retry(HttpRequest<?> request, String id, @Body ActionForm form, Authentication auth) {
        try {
            operator.retry(id, PublishingConsoleController.actor(auth, "ADMIN"));
        } catch (HubException e) {
            return show(request, HttpStatus.valueOf(e.status()), id, null, "只有“多次失败已停止”或“被拒收”的投递可以重试；它现在的状态已经变了。");
        }
        return HttpResponse.seeOther(URI.create("/console/deliveries/" + id + "?done=retry"));
    }

    @Post(value = "/{id}/resend", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    @Secured("ADMIN")
    HttpResponse<?> resend(HttpRequest<?> request, String id, @Body ActionForm form, Authentication auth) {
        try {
            operator.resend(id, PublishingConsoleController.actor(auth, "ADMIN"));
        } catch (HubException e) {
            return show(request, HttpStatus.valueOf(e.status()), id, null, "只有“是否送达不明”的投递可以重发；它现在的状态已经变了。");
        }
        return HttpResponse.seeOther(URI.create("/console/deliveries/" + id + "?done=resend"));
    }

    private HttpResponse<?> show(HttpRequest<?> request, HttpStatus status, String id, @Nullable String notice, @Nullable String error) {
        DeliveryRecord d;
        try {
            d = queries.find(id);
        } catch (HubException e) {
            return pages.problem(request, HttpStatus.NOT_FOUND, "找不到这条投递", "没有编号为 " + id + " 的投递记录。");
        }
        Map<String, Object> m = pages.model(request);
        m.put("d", d);
        m.put("labels", labels);
        m.put("error", error);
        String done = request.getParameters().get("done");
        m.put("done", error == null && ("retry".equals(done) || "resend".equals(done)) ? done : null);
        m.put("retryable", d.state() == DeliveryState.DEAD || d.state() == DeliveryState.FAILED);
        m.put("resendable", d.state() == DeliveryState.IN_DOUBT);
        return pages.render(request, status, "console/deliveries/delivery", m);
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
