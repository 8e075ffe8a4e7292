package cn.gongkai.hub.delivery;

import cn.gongkai.hub.item.Action;
import cn.gongkai.hub.redis.RedisKeys;
import cn.gongkai.hub.support.ChannelConfigs;
import cn.gongkai.hub.support.Flow;
import cn.gongkai.hub.support.Seeds;
import cn.gongkai.hub.support.TestHub;
import cn.gongkai.hub.support.TestHub.Response;
import cn.gongkai.hub.support.TestRedis;
import cn.gongkai.hub.vendor.OneBotServer;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code GET /api/items/{id}/withdrawal}: what a withdrawal did on every channel and what it could not do, with why. */
class WithdrawalReportIT {
    static final String ALL = "[\"website\",\"wechat\",\"sms\",\"qq\",\"led\",\"press-email\"]";
    static final String TOKEN = "onebot-token-for-tests";
    static TestRedis redis;

    @BeforeAll
    static void start() {
        redis = TestRedis.start();
    }

    @AfterAll
    static void stop() {
        redis.close();
    }

    @Test
    void should_report_per_channel_what_the_withdrawal_did_and_what_it_could_not_do_with_why(@TempDir Path tmp) throws Exception {
        try (OneBotServer bot = OneBotServer.start(TOKEN, 100000001L, 100000002L)) {
            Path config = ChannelConfigs.copy(tmp.resolve("channel-config"));
            ChannelConfigs.set(config, "qq", "transport: onebot\nrate-per-target: none\nonebot:\n  url: " + bot.baseUrl()
                    + "\n  access-token: \"${ONEBOT_TOKEN_FOR_TESTS:" + TOKEN + "}\"\n  timeout: 2s");
            Map<String, Object> props = TestHub.defaults(redis);
            props.put("hub.channel-config-dir", config.toString());
            try (TestHub hub = TestHub.start(props)) {
                Flow flow = new Flow(hub).users();
                String id = flow.approved(Seeds.itemJson(1, ALL)).get("id").asText();
                assertThat(hub.as("approver", "POST", "/api/items/" + id + "/publish", "{}").status()).isEqualTo(202);
                FanOutIT.awaitState(hub, id, "PUBLISHED");
                assertThat(hub.as("editor", "GET", "/api/items/" + id + "/withdrawal", null).status()).as("not withdrawn yet").isEqualTo(409);

                // the venues group's message went out three minutes ago, on the bot and in the hub's record: past QQ's recall window
                String venues = DeliveryStore.deliveryId("qq", id, 1, Action.PUBLISH.wire(), "venues");
                bot.sentAgo(bot.groupMessages(100000002L).get(0).messageId(), Duration.ofMinutes(3));
                redis.sync().hset(hub.bean(RedisKeys.class).delivery("qq", hub.bean(Buckets.class).of(venues), venues), "sentAt",
                        Instant.now().minus(Duration.ofMinutes(3)).toString());
                Response w = hub.as("approver", "POST", "/api/items/" + id + "/withdraw", "{\"reason\":\"数据有误，更正后重新发布\"}");
                assertThat(w.status()).as(w.body()).isEqualTo(202);

                JsonNode report = await().atMost(Duration.ofSeconds(30)).until(
                        () -> hub.as("editor", "GET", "/api/items/" + id + "/withdrawal", null).json(),
                        r -> r.path("channels").size() == 6 && allFinished(r));
                assertThat(report.get("itemId").asText()).isEqualTo(id);
                assertThat(report.get("withdrawnVersion").asInt()).isEqualTo(1);
                assertThat(report.get("reason").asText()).isEqualTo("数据有误，更正后重新发布");
                assertThat(Instant.parse(report.get("at").asText())).isBefore(Instant.now());
                Map<String, JsonNode> rows = new HashMap<>();
                report.get("channels").forEach(c -> rows.put(c.get("channel").asText(), c));

                assertThat(rows.keySet()).containsExactlyInAnyOrder("website", "wechat", "sms", "qq", "led", "press-email");
                row(rows.get("website"), 1, 0, 0);
                row(rows.get("press-email"), 3, 0, 0);
                assertThat(rows.get("wechat").get("done").asInt()).isPositive();
                assertThat(rows.get("wechat").get("failed").asInt()).isZero();
                assertThat(rows.get("led").get("done").asInt()).isPositive();
                assertThat(rows.get("led").get("failed").asInt()).isZero();
                row(rows.get("sms"), 0, 0, 5);
                assertThat(rows.get("sms").get("problems")).hasSize(5).allSatisfy(p -> {
                    assertThat(p.get("state").asText()).isEqualTo("SKIPPED");
                    assertThat(p.get("reason").asText()).contains("an SMS cannot be recalled");
                });
                row(rows.get("qq"), 1, 1, 0);
                JsonNode problem = rows.get("qq").get("problems").get(0);
                assertThat(rows.get("qq").get("problems")).hasSize(1);
                assertThat(problem.get("target").asText()).isEqualTo("venues");
                assertThat(problem.get("state").asText()).isEqualTo("FAILED");
                assertThat(problem.get("reason").asText()).contains("too old to recall");
                assertThat(bot.visibleIn(100000001L)).isEmpty();
                assertThat(bot.visibleIn(100000002L)).hasSize(1);
            }
        }
    }

    @Test
    void should_answer_404_for_an_unknown_item_and_401_without_a_sign_in() {
        try (TestHub hub = TestHub.start(redis)) {
            new Flow(hub).users();
            assertThat(hub.as("editor", "GET", "/api/items/999/withdrawal", null).status()).isEqualTo(404);
            assertThat(hub.get("/api/items/999/withdrawal", null, null).status()).isEqualTo(401);
        }
    }

    static boolean allFinished(JsonNode report) {
        for (JsonNode c : report.get("channels")) {
            if (c.get("pending").asInt() != 0) {
                return false;
            }
        }
        return true;
    }

    static void row(JsonNode row, int done, int failed, int skipped) {
        assertThat(List.of(row.get("done").asInt(), row.get("failed").asInt(), row.get("pending").asInt(), row.get("skipped").asInt()))
                .as(row.toString()).containsExactly(done, failed, 0, skipped);
    }
}
