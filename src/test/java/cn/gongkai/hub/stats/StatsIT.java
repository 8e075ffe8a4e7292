package cn.gongkai.hub.stats;

import cn.gongkai.hub.delivery.DeliveryStore;
import cn.gongkai.hub.redis.RedisAccess;
import cn.gongkai.hub.redis.RedisKeys;
import cn.gongkai.hub.subscriber.Reach;
import cn.gongkai.hub.subscriber.SubscriberInput;
import cn.gongkai.hub.subscriber.SubscriberService;
import cn.gongkai.hub.support.Flow;
import cn.gongkai.hub.support.Seeds;
import cn.gongkai.hub.support.TestHub;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.time.LocalDate;
import java.time.Year;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The five seed documents published across channels and two targeted notices, on a hub with embedded defaults: the
 * stats, their CSV and .xlsx agree with the delivery records; an item on four channels counts once in the distinct
 * total; notices are counted apart; the recount finds no difference, and finds the one made behind the hub's back.
 */
class StatsIT {
    static TestHub hub;
    static Flow flow;
    static final String YEAR = Year.now(ZoneId.of("Asia/Shanghai")).toString();
    static final List<String> ON = List.of(
            "[\"website\",\"wechat\",\"sms\",\"qq\"]",
            "[\"website\",\"led\"]",
            "[\"website\",\"press-email\"]",
            "[\"website\"]",
            "[\"wechat\",\"qq\"]");

    @BeforeAll
    static void publish() {
        hub = TestHub.start(TestHub.defaults(null));
        flow = new Flow(hub).users();
        for (int i = 0; i < 5; i++) {
            String id = flow.approved(Seeds.itemJson(i, ON.get(i))).get("id").asText();
            assertThat(hub.as("approver", "POST", "/api/items/" + id + "/publish", "{}").status()).isEqualTo(202);
            flow.awaitState(id, "PUBLISHED");
        }
        List<SubscriberService.Row> rows = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            rows.add(new SubscriberService.Row(i + 2, new SubscriberInput("居民" + i, String.format("135%08d", i), "s" + i + "@example.cn",
                    null, null, List.of("区域:崇川区"), List.of(i % 2 == 0 ? Reach.SMS : Reach.EMAIL), List.of(Reach.SMS, Reach.EMAIL))));
        }
        hub.bean(SubscriberService.class).upsert(rows, "test", "editor");
        for (String title : List.of("崇川区文化惠民演出通知", "崇川区图书馆闭馆通知")) {
            JsonNode n = hub.as("editor", "POST", "/api/notices", "{\"title\": \"" + title + "\", \"body\": \"详见社区公告栏。\","
                    + " \"segment\": {\"all\": [\"区域:崇川区\"]}, \"channels\": [\"sms\", \"email\"]}").json();
            String id = n.get("id").asText();
            flow.submit(id);
            assertThat(flow.review("reviewer", id, "first", "approve", n.get("contentHash").asText()).status()).isEqualTo(200);
            assertThat(flow.review("approver", id, "final", "approve", n.get("contentHash").asText()).status()).isEqualTo(200);
            assertThat(hub.as("approver", "POST", "/api/items/" + id + "/publish", "{}").status()).isEqualTo(202);
            flow.awaitState(id, "PUBLISHED");
        }
    }

    @AfterAll
    static void stop() {
        hub.close();
    }

    @Test
    void should_count_each_item_once_per_channel_and_once_over_all_and_notices_apart() {
        JsonNode s = hub.as("editor", "GET", "/api/stats?year=" + YEAR, null).json();
        assertThat(s.at("/channels/website/items").asLong()).isEqualTo(4);
        assertThat(s.at("/channels/wechat/items").asLong()).isEqualTo(2);
        assertThat(s.at("/channels/qq/items").asLong()).isEqualTo(2);
        assertThat(s.at("/channels/led/items").asLong()).isEqualTo(1);
        assertThat(s.at("/channels/press-email/items").asLong()).as("notices are not items").isEqualTo(1);
        assertThat(s.at("/channels/sms/items").asLong()).isEqualTo(1);
        assertThat(s.get("distinctItems").asLong()).as("an item on four channels counts once").isEqualTo(5);
        assertThat(s.get("notices").asLong()).isEqualTo(2);
        assertThat(s.at("/noticeChannels/sms/messages").asLong()).isEqualTo(30);
        assertThat(s.at("/noticeChannels/press-email/messages").asLong()).isEqualTo(30);
        assertThat(s.at("/noticeChannels/sms/items").asLong()).isEqualTo(2);

        // the same figures from the records themselves
        DeliveryStore store = hub.bean(DeliveryStore.class);
        Map<String, Long> sent = new HashMap<>();
        for (String item : hub.bean(cn.gongkai.hub.item.ItemStore.class).ids(0, 100)) {
            for (String ch : List.of("website", "wechat", "sms", "qq", "led", "press-email")) {
                store.recount(ch, item, f -> {
                    if (f.state().equals("SENT") && f.kind().equals("item")) {
                        sent.merge(ch, 1L, Long::sum);
                    }
                });
            }
        }
        for (String ch : sent.keySet()) {
            assertThat(s.at("/channels/" + ch + "/messages").asLong()).as(ch).isEqualTo(sent.get(ch));
        }

        JsonNode months = hub.as("editor", "GET", "/api/stats?year=" + YEAR + "&groupBy=month", null).json();
        String month = LocalDate.now(ZoneId.of("Asia/Shanghai")).toString().substring(0, 7);
        assertThat(months.at("/groups/" + month + "/distinctItems").asLong()).isEqualTo(5);
        JsonNode cats = hub.as("editor", "GET", "/api/stats?groupBy=category", null).json();
        long total = 0;
        for (JsonNode g : cats.get("groups")) {
            total += g.get("distinctItems").asLong();
        }
        assertThat(total).isEqualTo(5);
        assertThat(hub.as("editor", "GET", "/api/stats?groupBy=colour", null).status()).isEqualTo(400);
        assertThat(hub.as("editor", "GET", "/api/stats?from=2026-13-01", null).status()).isEqualTo(400);
        assertThat(hub.as("editor", "GET", "/api/stats?from=2026-12-01&to=2026-01-01", null).status()).isEqualTo(400);
    }

    @Test
    void should_export_the_same_figures_as_csv_and_xlsx() throws Exception {
        JsonNode s = hub.as("editor", "GET", "/api/stats?year=" + YEAR, null).json();
        TestHub.Response csv = hub.as("editor", "GET", "/api/stats.csv?year=" + YEAR, null);
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.body()).startsWith("\uFEFF");
        String websiteRow = csv.body().lines().filter(l -> l.contains("\"item\",\"website\"")).findFirst().orElseThrow();
        assertThat(websiteRow).contains("\"" + s.at("/channels/website/items").asLong() + "\",\"" + s.at("/channels/website/messages").asLong() + "\"");
        TestHub.Response xlsx = hub.as("editor", "GET", "/api/stats.xlsx?year=" + YEAR, null);
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(xlsx.bytes()))) {
            boolean found = false;
            for (Row r : wb.getSheetAt(0)) {
                if (r.getCell(1).getStringCellValue().equals("item") && r.getCell(2).getStringCellValue().equals("sms")) {
                    assertThat((long) r.getCell(4).getNumericCellValue()).isEqualTo(s.at("/channels/sms/messages").asLong());
                    found = true;
                }
            }
            assertThat(found).isTrue();
        }
    }

    @Test
    void should_find_no_difference_and_then_the_one_made_behind_the_hubs_back() {
        JsonNode ok = hub.as("editor", "GET", "/api/stats/verify?year=" + YEAR, null).json();
        assertThat(ok.get("ok").asBoolean()).as(ok.toString()).isTrue();
        assertThat(ok.get("deliveriesRead").asLong()).isPositive();
        RedisAccess redis = hub.bean(RedisAccess.class);
        String key = hub.bean(RedisKeys.class).counters("qq", 0, YEAR);
        redis.sync().hincrby(key, "messages", 3);
        try {
            JsonNode bad = hub.as("editor", "GET", "/api/stats/verify?year=" + YEAR, null).json();
            assertThat(bad.get("ok").asBoolean()).isFalse();
            assertThat(bad.get("differences")).anySatisfy(d -> {
                assertThat(d.get("channel").asText()).isEqualTo("qq");
                assertThat(d.get("period").asText()).isEqualTo(YEAR);
                assertThat(d.get("field").asText()).isEqualTo("messages");
                assertThat(d.get("counter").asLong() - d.get("recount").asLong()).isEqualTo(3);
            });
        } finally {
            redis.sync().hincrby(key, "messages", -3);
        }
    }
}
