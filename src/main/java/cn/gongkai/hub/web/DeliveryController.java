package cn.gongkai.hub.web;

import cn.gongkai.hub.HubException;
import cn.gongkai.hub.channel.ChannelRegistry;
import cn.gongkai.hub.delivery.DeliveryRecord;
import cn.gongkai.hub.delivery.DeliveryState;
import cn.gongkai.hub.delivery.DeliveryStore;
import cn.gongkai.hub.delivery.OperatorActions;
import cn.gongkai.hub.delivery.PublishService;
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
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Publication, withdrawal, delivery status and operator actions, and the per-channel counters. */
@Controller("/api")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured(SecurityRule.IS_AUTHENTICATED)
class DeliveryController {
    private static final EnumSet<DeliveryState> LISTABLE = EnumSet.of(DeliveryState.DEAD, DeliveryState.IN_DOUBT,
            DeliveryState.FAILED, DeliveryState.REFUSED, DeliveryState.RETRYING);

    private final PublishService publisher;
    private final OperatorActions operator;
    private final DeliveryStore store;
    private final ChannelRegistry channels;
    private final cn.gongkai.hub.item.ItemService items;
    private final cn.gongkai.hub.HubConfig hub;

    DeliveryController(PublishService publisher, OperatorActions operator, DeliveryStore store, ChannelRegistry channels,
                       cn.gongkai.hub.item.ItemService items, cn.gongkai.hub.HubConfig hub) {
        this.publisher = publisher;
        this.operator = operator;
        this.store = store;
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

    @Get("/items/{id}/deliveries")
    Map<String, Object> itemDeliveries(String id) {
        var item = items.get(id);
        Map<String, Object> perChannel = new LinkedHashMap<>();
        for (String ch : channels.settings().keySet()) {
            List<DeliveryRecord> list = store.forItem(ch, id);
            if (list.isEmpty()) {
                continue;
            }
            Map<String, Integer> byState = new TreeMap<>();
            List<DeliveryRecord> problems = new ArrayList<>();
            for (DeliveryRecord d : list) {
                byState.merge(d.state().name(), 1, Integer::sum);
                if (d.state() != DeliveryState.SENT && d.state() != DeliveryState.PLANNED && d.state() != DeliveryState.SENDING) {
                    problems.add(d);
                }
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("total", list.size());
            entry.put("byState", byState);
            entry.put("problems", problems);
            perChannel.put(ch, entry);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("itemId", id);
        out.put("state", item.state());
        out.put("stateReason", item.stateReason());
        out.put("channels", perChannel);
        return out;
    }

    /** A page of deliveries needing attention: {@code nextCursor} is null on the last page. */
    record DeliveryPage(List<DeliveryRecord> items, String nextCursor) {
    }

    static final int MAX_LIMIT = 500;

    @Get("/deliveries")
    @Secured({"ADMIN", "APPROVER", "EDITOR"})
    DeliveryPage byState(@Nullable @QueryValue String state, @Nullable @QueryValue String channel, @Nullable @QueryValue String limit,
                         @Nullable @QueryValue String cursor) {
        DeliveryState st;
        try {
            st = DeliveryState.valueOf(state == null ? "" : state.strip().toUpperCase());
        } catch (IllegalArgumentException e) {
            throw HubException.invalid("state", "must be one of " + LISTABLE + " (per-item lists: /api/items/{id}/deliveries)");
        }
        if (!LISTABLE.contains(st)) {
            throw HubException.invalid("state", "must be one of " + LISTABLE + " (per-item lists: /api/items/{id}/deliveries)");
        }
        if (channel != null && channels.settings(channel).isEmpty()) {
            throw HubException.invalid("channel", "unknown channel '" + channel + "'");
        }
        int max = ItemController.intParam("limit", limit, 100);
        if (max < 1 || max > MAX_LIMIT) {
            throw HubException.invalid("limit", "must be between 1 and " + MAX_LIMIT);
        }
        List<String> names = channel == null ? List.copyOf(channels.settings().keySet()) : List.of(channel);
        String fromChannel = names.get(0);
        String after = null;
        if (cursor != null && !cursor.isBlank()) {
            String[] c = decodeCursor(cursor);
            if (!names.contains(c[0])) {
                throw HubException.invalid("cursor", "does not belong to this listing (channel " + c[0] + ")");
            }
            fromChannel = c[0];
            after = c[1];
        }
        List<DeliveryRecord> out = new ArrayList<>();
        String next = null;
        for (int i = names.indexOf(fromChannel); i < names.size() && out.size() < max; i++) {
            DeliveryStore.StatePage page = store.inState(names.get(i), st, after, max - out.size());
            out.addAll(page.items());
            if (out.size() >= max && page.lastMember() != null) {
                next = encodeCursor(names.get(i), page.lastMember());
            }
            after = null;
        }
        return new DeliveryPage(out, next);
    }

    private static String encodeCursor(String channel, String member) {
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString((channel + "\n" + member).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static String[] decodeCursor(String cursor) {
        try {
            String s = new String(java.util.Base64.getUrlDecoder().decode(cursor.strip()), java.nio.charset.StandardCharsets.UTF_8);
            int nl = s.indexOf('\n');
            if (nl <= 0 || nl == s.length() - 1) {
                throw new IllegalArgumentException("no separator");
            }
            return new String[]{s.substring(0, nl), s.substring(nl + 1)};
        } catch (IllegalArgumentException e) {
            throw HubException.invalid("cursor", "is not a cursor this hub gave out (pass nextCursor of the previous page unchanged)");
        }
    }

    @Get("/deliveries/{id}")
    DeliveryRecord one(String id) {
        return store.find(id).orElseThrow(() -> HubException.notFound("delivery " + id));
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

    @Get("/stats")
    Map<String, Object> stats(@Nullable @QueryValue String year) {
        int y = year == null ? Year.now(hub.zoneId()).getValue() : ItemController.intParam("year", year, 0);
        if (y < 2000 || y > 2100) {
            throw HubException.invalid("year", "must be between 2000 and 2100");
        }
        Map<String, Object> perChannel = new LinkedHashMap<>();
        for (String ch : channels.settings().keySet()) {
            Map<String, Object> c = new LinkedHashMap<>(zeroes(store.counters(ch, Integer.toString(y))));
            Map<String, Object> months = new LinkedHashMap<>();
            for (int m = 1; m <= 12; m++) {
                String p = String.format("%d-%02d", y, m);
                Map<String, Long> mc = store.counters(ch, p);
                if (!mc.isEmpty()) {
                    months.put(p, zeroes(mc));
                }
            }
            c.put("months", months);
            perChannel.put(ch, c);
        }
        return Map.of("year", y, "channels", perChannel);
    }

    private static Map<String, Long> zeroes(Map<String, Long> m) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String f : List.of("messages", "items", "recipients", "parts", "failed", "withdrawals")) {
            out.put(f, m.getOrDefault(f, 0L));
        }
        return out;
    }
}
