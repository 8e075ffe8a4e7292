package cn.gongkai.hub.web;

import cn.gongkai.hub.HubException;
import cn.gongkai.hub.channel.ChannelRegistry;
import cn.gongkai.hub.delivery.DeliveryQueries;
import cn.gongkai.hub.delivery.DeliveryRecord;
import cn.gongkai.hub.delivery.DeliveryState;
import cn.gongkai.hub.delivery.OperatorActions;
import cn.gongkai.hub.delivery.PublishService;
import cn.gongkai.hub.delivery.WithdrawalReports;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
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

import java.time.Year;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Publication, withdrawal, delivery status and operator actions, and the per-channel counters. */
@Controller("/api")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured(SecurityRule.IS_AUTHENTICATED)
class DeliveryController {
    private final PublishService publisher;
    private final DeliveryQueries queries;
    private final OperatorActions operator;
    private final ChannelRegistry channels;
    private final cn.gongkai.hub.item.ItemService items;
    private final cn.gongkai.hub.HubConfig hub;
    private final WithdrawalReports withdrawals;

    DeliveryController(PublishService publisher, DeliveryQueries queries, OperatorActions operator, ChannelRegistry channels,
                       cn.gongkai.hub.item.ItemService items, cn.gongkai.hub.HubConfig hub, WithdrawalReports withdrawals) {
        this.withdrawals = withdrawals;
        this.publisher = publisher;
        this.queries = queries;
        this.operator = operator;
        this.channels = channels;
        this.items = items;
        this.hub = hub;
    }

    @Post("/items/{id}/publish")
    @Secured({"EDITOR", "APPROVER"})
    HttpResponse<Map<String, Object>> publish(String id, @Nullable @Body byte[] body, Authentication auth) {
        Requests.Publish req = Requests.Publish.from(JsonBody.parseOrEmpty(body));
        return HttpResponse.accepted().body(publisher.publish(id, req.channels(), req.publishAt(), Actors.of(auth, "APPROVER", "EDITOR")));
    }

    @Post("/items/{id}/withdraw")
    @Secured("APPROVER")
    HttpResponse<Map<String, Object>> withdraw(String id, @Nullable @Body byte[] body, Authentication auth) {
        Requests.Withdraw req = Requests.Withdraw.from(JsonBody.parseOrEmpty(body));
        return HttpResponse.accepted().body(publisher.withdraw(id, req.reason(), Actors.of(auth, "APPROVER")));
    }

    /** Per channel, what the item's withdrawal did and what it could not do, with why; 409 when it was never withdrawn. */
    @Get("/items/{id}/withdrawal")
    WithdrawalReports.Report withdrawal(String id) {
        return withdrawals.of(id);
    }

    @Get("/items/{id}/deliveries")
    Map<String, Object> itemDeliveries(String id) {
        var item = items.get(id);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("itemId", id);
        out.put("state", item.state());
        out.put("stateReason", item.stateReason());
        out.put("channels", queries.item(id));
        return out;
    }

    @Get("/deliveries")
    @Secured({"ADMIN", "APPROVER", "EDITOR"})
    DeliveryQueries.Page byState(@Nullable @QueryValue String state, @Nullable @QueryValue String channel, @Nullable @QueryValue String limit,
                                 @Nullable @QueryValue String cursor) {
        return queries.inState(state, channel, cursor, ItemController.intParam("limit", limit, 100));
    }

    @Get("/deliveries/{id}")
    DeliveryRecord one(String id) {
        return queries.find(id);
    }

    @Post("/deliveries/{id}/retry")
    @Secured("ADMIN")
    HttpResponse<DeliveryRecord> retry(String id, Authentication auth) {
        return HttpResponse.accepted().body(operator.retry(id, Actors.of(auth, "ADMIN")));
    }

    @Post("/deliveries/{id}/resend")
    @Secured("ADMIN")
    HttpResponse<DeliveryRecord> resend(String id, Authentication auth) {
        return HttpResponse.accepted().body(operator.resend(id, Actors.of(auth, "ADMIN")));
    }
}
