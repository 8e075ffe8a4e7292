package cn.gongkai.hub.web;

import cn.gongkai.hub.support.ChannelConfigs;
import cn.gongkai.hub.support.Flow;
import cn.gongkai.hub.support.Seeds;
import cn.gongkai.hub.support.TestHub;
import cn.gongkai.hub.support.TestHub.Response;
import cn.gongkai.hub.support.TestRedis;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /api/deliveries}: bounded, cursor-paged, every delivery in the state exactly once across the pages. */
class DeliveryListIT {

    @Test
    void should_page_deliveries_in_a_state_with_a_cursor_and_refuse_unbounded_or_bad_paging(@TempDir Path dir) throws Exception {
        Path config = ChannelConfigs.copy(dir.resolve("config"));
        StringBuilder lists = new StringBuilder("lists:\n  bad:\n    name: 错误号码\n    numbers:\n");
        for (int i = 0; i < 7; i++) {
            lists.append("      - \"0513-8000000").append(i).append("\"\n");
        }
        ChannelConfigs.set(config, "sms", lists.toString());
        try (TestRedis redis = TestRedis.start(); TestHub hub = TestHub.start(withConfig(redis, config))) {
            Flow flow = new Flow(hub).users();
            String id = flow.approved(Seeds.itemJson(0, "[\"sms\"]")).get("id").asText();
            hub.as("approver", "POST", "/api/items/" + id + "/publish", "{}");
            flow.awaitState(id, "PARTIALLY_PUBLISHED");

            Set<String> seen = new HashSet<>();
            List<Integer> sizes = new ArrayList<>();
            String cursor = null;
            do {
                Response r = hub.as("editor", "GET", "/api/deliveries?state=FAILED&limit=3" + (cursor == null ? "" : "&cursor=" + cursor), null);
                assertThat(r.status()).as(r.body()).isEqualTo(200);
                JsonNode page = r.json();
                sizes.add(page.get("items").size());
                page.get("items").forEach(d -> assertThat(seen.add(d.get("id").asText())).as("listed once").isTrue());
                cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
            } while (cursor != null && sizes.size() < 10);
            assertThat(seen).hasSize(7);
            assertThat(sizes.subList(0, 2)).containsExactly(3, 3);

            for (String bad : List.of("limit=-50000", "limit=0", "limit=501", "limit=abc", "cursor=not-a-cursor", "state=SENT", "channel=fax")) {
                Response r = hub.as("editor", "GET", "/api/deliveries?state=FAILED&" + bad, null);
                assertThat(r.status()).as(bad + ": " + r.body()).isEqualTo(400);
                assertThat(r.json().at("/errors/0/field").asText()).isEqualTo(bad.substring(0, bad.indexOf('=')));
            }
        }
    }

    private static Map<String, Object> withConfig(TestRedis redis, Path config) {
        Map<String, Object> p = TestHub.defaults(redis);
        p.put("hub.channel-config-dir", config.toString());
        return p;
    }
}
