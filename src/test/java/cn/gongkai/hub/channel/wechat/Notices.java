package cn.gongkai.hub.channel.wechat;

import cn.gongkai.hub.channel.Target;
import cn.gongkai.hub.delivery.DeliveryStore;
import cn.gongkai.hub.delivery.PublicationKey;
import cn.gongkai.hub.item.Action;
import cn.gongkai.hub.item.Disclosure;
import cn.gongkai.hub.item.Item;
import cn.gongkai.hub.item.ItemContent;
import cn.gongkai.hub.item.ItemStore;
import cn.gongkai.hub.item.Notice;
import cn.gongkai.hub.item.Urgency;
import cn.gongkai.hub.support.Flow;
import cn.gongkai.hub.support.Seeds;
import cn.gongkai.hub.support.TestHub;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Targeted notices on a running hub, standing in for the subscriber planner that is not on this branch: an approved
 * notice item (created in the item store, as the notice API is not here yet, then reviewed through the API), and one
 * delivery per subscriber planned on channel wechat with the subscriber's openid as the address, as the planner plans
 * them. From there the real engine (route deliver-wechat, the gate, the worker) sends them.
 */
final class Notices {
    static final Notice TO_EVERYONE = new Notice(new Notice.Segment(List.of(), List.of(), List.of()), Notice.Mode.FALLBACK);

    private Notices() {
    }

    /** An approved notice item and its subscribers' deliveries. */
    record Planned(String itemId, int version) {
        String delivery(String subscriberId) {
            return DeliveryStore.deliveryId("wechat", itemId, version, Action.PUBLISH.wire(), subscriberId);
        }
    }

    /** A notice made of seed {@code seed}, approved (first and final review) through the API. */
    static Planned approved(TestHub hub, Flow flow, int seed) {
        ItemContent content = new ItemContent(Seeds.title(seed), Seeds.text(seed), "请关注本次政府信息公开的最新通知", "ggfw", Disclosure.ACTIVE,
                "通文广旅发〔2026〕7号", "南通市文化广电和旅游局", List.of("wechat"), Urgency.NORMAL, List.of(), TO_EVERYONE);
        Item item = hub.bean(ItemStore.class).create(content, "editor");
        String id = item.id();
        StringBuilder waivers = new StringBuilder();
        for (JsonNode f : flow.submit(id).path("findings")) {
            if (f.path("waiverRequired").asBoolean()) {
                waivers.append(waivers.isEmpty() ? "" : ",").append("{\"findingId\":\"").append(f.get("id").asText())
                        .append("\",\"reason\":\"已人工核对，属公开联系方式\"}");
            }
        }
        String hash = item.contentHash();
        TestHub.Response first = hub.as("reviewer", "POST", "/api/items/" + id + "/reviews", "{\"stage\":\"first\",\"decision\":\"approve\","
                + "\"contentHash\":\"" + hash + "\",\"comment\":\"同意\",\"waivers\":[" + waivers + "]}");
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        TestHub.Response fin = flow.review("approver", id, "final", "approve", hash);
        assertThat(fin.status()).as(fin.body()).isEqualTo(200);
        return new Planned(id, item.version());
    }

    /** Plans one delivery per subscriber id → openid; returns subscriber id → delivery id. */
    static Map<String, String> plan(TestHub hub, Planned p, Map<String, String> openids) {
        List<Target> targets = new ArrayList<>();
        Map<String, String> ids = new LinkedHashMap<>();
        openids.forEach((subscriber, openid) -> {
            targets.add(new Target(subscriber, openid, "subscriber"));
            ids.put(subscriber, p.delivery(subscriber));
        });
        hub.bean(DeliveryStore.class).plan("wechat", new PublicationKey(p.itemId(), p.version(), Action.PUBLISH), targets);
        return ids;
    }
}
