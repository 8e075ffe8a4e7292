package cn.gongkai.hub.channel.qq;

import cn.gongkai.hub.delivery.Buckets;
import cn.gongkai.hub.delivery.DeliveryStore;
import cn.gongkai.hub.redis.RedisKeys;
import cn.gongkai.hub.support.ChannelConfigs;
import cn.gongkai.hub.support.Flow;
import cn.gongkai.hub.support.Seeds;
import cn.gongkai.hub.support.TestHub;
import cn.gongkai.hub.support.TestRedis;
import cn.gongkai.hub.vendor.OneBotServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** QQ group messages through a OneBot 11 HTTP API (a local implementation that checks the token and reads CQ codes). */
class OneBotTransportIT {
    static final long CITIZENS = 100000001L;
    static final long VENUES = 100000002L;
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

    static TestHub hub(Path tmp, OneBotServer bot, String token, String extra) throws Exception {
        Path config = ChannelConfigs.copy(tmp.resolve("channel-config"));
        ChannelConfigs.set(config, "qq", "transport: onebot\ninitial-backoff: 200ms\nmax-backoff: 1s\n"
                + (extra.contains("rate-per-target") ? "" : "rate-per-target: none\n")
                + "onebot:\n  url: " + bot.baseUrl() + "\n  access-token: \"${ONEBOT_TOKEN_FOR_TESTS:" + token + "}\"\n  timeout: 1s\n" + extra);
        Map<String, Object> p = TestHub.defaults(redis);
        p.put("hub.channel-config-dir", config.toString());
        return TestHub.start(p);
    }

    static String publish(TestHub hub, String itemJson) {
        return publish(hub, new Flow(hub).users(), itemJson);
    }

    static String publish(TestHub hub, Flow flow, String itemJson) {
        String id = flow.approved(itemJson).get("id").asText();
        assertThat(hub.as("editor", "POST", "/api/items/" + id + "/publish", "{}").status()).isEqualTo(202);
        return id;
    }

    static JsonNode delivery(TestHub hub, String itemId, String group) {
        return hub.as("editor", "GET", "/api/deliveries/" + DeliveryStore.deliveryId("qq", itemId, 1, "publish", group), null).json();
    }

    static JsonNode awaitDelivery(TestHub hub, String itemId, String group, String state) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> delivery(hub, itemId, group), d -> state.equals(d.path("state").asText()));
    }

    @Test
    void should_send_one_plain_text_message_per_group_with_the_token_and_record_the_message_id(@TempDir Path tmp) throws Exception {
        ObjectNode item = (ObjectNode) TestHub.JSON.readTree(Seeds.itemJson(3, "[\"qq\"]"));
        item.put("title", "关于开放[CQ:at,qq=all]文化场馆的通知&#91;");
        try (OneBotServer bot = OneBotServer.start(TOKEN, CITIZENS, VENUES); TestHub hub = hub(tmp, bot, TOKEN, "")) {
            String id = publish(hub, item.toString());
            await().atMost(Duration.ofSeconds(30)).until(
                    () -> "PUBLISHED".equals(hub.as("editor", "GET", "/api/items/" + id, null).json().path("state").asText()));

            for (long group : List.of(CITIZENS, VENUES)) {
                assertThat(bot.groupMessages(group)).as("one message in group " + group).singleElement().satisfies(s -> {
                    assertThat(s.autoEscape()).isTrue();
                    assertThat(s.readAsPlainText()).as("item text never read as CQ codes").isTrue();
                    assertThat(s.plainText()).contains("关于开放[CQ:at,qq=all]文化场馆的通知&#91;");
                });
            }
            assertThat(bot.requests()).allSatisfy(r -> assertThat(r.authorization()).isEqualTo("Bearer " + TOKEN));
            JsonNode citizens = delivery(hub, id, "citizens");
            assertThat(citizens.get("transport").asText()).isEqualTo("onebot");
            assertThat(citizens.get("reference").asText()).isEqualTo(String.valueOf(bot.groupMessages(CITIZENS).get(0).messageId()));
            assertThat(hub.as("editor", "GET", "/api/stats", null).json().at("/channels/qq/messages").asInt()).isEqualTo(2);
        }
    }

    @Test
    void should_fail_a_group_the_bot_is_not_in_with_the_reason_and_send_to_the_others(@TempDir Path tmp) throws Exception {
        try (OneBotServer bot = OneBotServer.start(TOKEN, CITIZENS, VENUES); TestHub hub = hub(tmp, bot, TOKEN, "")) {
            bot.failGroup(VENUES, OneBotServer.BAD_PARAM, "GROUP_NOT_FOUND", "群聊不存在");
            String id = publish(hub, Seeds.itemJson(0, "[\"qq\"]"));
            JsonNode failed = awaitDelivery(hub, id, "venues", "FAILED");
            assertThat(failed.get("reason").asText()).contains("retcode 100", "GROUP_NOT_FOUND", "群聊不存在");
            assertThat(failed.get("attempts").asInt()).as("not retried").isEqualTo(1);
            awaitDelivery(hub, id, "citizens", "SENT");
            assertThat(bot.groupMessages(CITIZENS)).hasSize(1);
            assertThat(hub.as("editor", "GET", "/api/stats", null).json().at("/channels/qq/failed").asInt()).isEqualTo(1);
        }
    }

    @Test
    void should_retry_after_a_server_error_and_send_each_group_once(@TempDir Path tmp) throws Exception {
        try (OneBotServer bot = OneBotServer.start(TOKEN, CITIZENS, VENUES); TestHub hub = hub(tmp, bot, TOKEN, "")) {
            bot.failNextRequests(1, 502);
            String id = publish(hub, Seeds.itemJson(1, "[\"qq\"]"));
            JsonNode citizens = awaitDelivery(hub, id, "citizens", "SENT");
            JsonNode venues = awaitDelivery(hub, id, "venues", "SENT");
            assertThat(citizens.get("attempts").asInt() + venues.get("attempts").asInt()).as("the 502 cost one try").isEqualTo(3);
            assertThat(bot.groupMessages(CITIZENS)).hasSize(1);
            assertThat(bot.groupMessages(VENUES)).hasSize(1);
        }
    }

    @Test
    void should_hold_every_message_while_the_token_is_refused_and_say_which_variable_to_set(@TempDir Path tmp) throws Exception {
        try (OneBotServer bot = OneBotServer.start(TOKEN, CITIZENS, VENUES); TestHub hub = hub(tmp, bot, "a-wrong-token", "")) {
            String id = publish(hub, Seeds.itemJson(2, "[\"qq\"]"));
            JsonNode d = await().atMost(Duration.ofSeconds(30)).until(() -> delivery(hub, id, "citizens"),
                    j -> j.path("attempts").asInt() >= 2);
            assertThat(d.get("state").asText()).isIn("RETRYING", "DEAD", "SENDING");
            assertThat(d.get("lastError").asText()).contains("access token", "ONEBOT_ACCESS_TOKEN");
            assertThat(bot.sent()).isEmpty();
            assertThat(bot.requests()).isNotEmpty().allSatisfy(r -> assertThat(r.httpStatus()).isEqualTo(403));
        }
    }

    @Test
    void should_leave_a_message_whose_answer_never_came_in_doubt_and_not_post_it_twice(@TempDir Path tmp) throws Exception {
        try (OneBotServer bot = OneBotServer.start(TOKEN, CITIZENS, VENUES); TestHub hub = hub(tmp, bot, TOKEN, "")) {
            bot.stallAfterSending(1, Duration.ofSeconds(3));
            String id = publish(hub, Seeds.itemJson(4, "[\"qq\"]"));
            JsonNode first = await().atMost(Duration.ofSeconds(30)).until(
                    () -> List.of(delivery(hub, id, "citizens"), delivery(hub, id, "venues")),
                    l -> l.stream().anyMatch(j -> "IN_DOUBT".equals(j.path("state").asText()))
                            && l.stream().allMatch(j -> j.path("state").asText().matches("IN_DOUBT|SENT"))).stream()
                    .filter(j -> "IN_DOUBT".equals(j.path("state").asText())).findFirst().orElseThrow();
            assertThat(first.get("reason").asText()).contains("did not answer", "not resent");
            await().atMost(Duration.ofSeconds(10)).until(() -> bot.sent().size() == 2);
            assertThat(bot.groupMessages(CITIZENS)).as("posted once, never resent").hasSize(1);
            assertThat(bot.groupMessages(VENUES)).hasSize(1);
            assertThat(hub.as("editor", "GET", "/api/items/" + id, null).json().path("state").asText()).isEqualTo("PARTIALLY_PUBLISHED");
        }
    }

    @Test
    void should_space_two_messages_to_one_group_by_its_rate(@TempDir Path tmp) throws Exception {
        try (OneBotServer bot = OneBotServer.start(TOKEN, CITIZENS, VENUES);
             TestHub hub = hub(tmp, bot, TOKEN, "rate-per-target: 30/min")) {
            Flow flow = new Flow(hub).users();
            String a = publish(hub, flow, Seeds.itemJson(0, "[\"qq\"]"));
            String b = publish(hub, flow, Seeds.itemJson(1, "[\"qq\"]"));
            awaitDelivery(hub, a, "citizens", "SENT");
            JsonNode later = awaitDelivery(hub, b, "citizens", "SENT");
            assertThat(later.get("attempts").asInt()).as("waiting for a slot uses no attempt").isEqualTo(1);
            List<OneBotServer.Sent> sent = bot.groupMessages(CITIZENS);
            assertThat(sent).hasSize(2);
            assertThat(Duration.between(sent.get(0).time(), sent.get(1).time())).as("30/min: 2 s apart")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(1_950));
        }
    }

    static JsonNode awaitWithdrawal(TestHub hub, String itemId, String group, String state) {
        String id = DeliveryStore.deliveryId("qq", itemId, 1, "withdraw", group);
        return await().atMost(Duration.ofSeconds(30)).until(() -> hub.as("editor", "GET", "/api/deliveries/" + id, null).json(),
                d -> state.equals(d.path("state").asText()));
    }

    static void published(TestHub hub, String id) {
        await().atMost(Duration.ofSeconds(30)).until(
                () -> "PUBLISHED".equals(hub.as("editor", "GET", "/api/items/" + id, null).json().path("state").asText()));
    }

    static void withdraw(TestHub hub, String id) {
        assertThat(hub.as("approver", "POST", "/api/items/" + id + "/withdraw", "{\"reason\":\"数据有误，更正后重新发布\"}").status())
                .isEqualTo(202);
    }

    @Test
    void should_recall_each_published_message_with_delete_msg_when_the_item_is_withdrawn(@TempDir Path tmp) throws Exception {
        try (OneBotServer bot = OneBotServer.start(TOKEN, CITIZENS, VENUES); TestHub hub = hub(tmp, bot, TOKEN, "")) {
            String id = publish(hub, Seeds.itemJson(1, "[\"qq\"]"));
            published(hub, id);
            withdraw(hub, id);

            for (String group : List.of("citizens", "venues")) {
                JsonNode w = awaitWithdrawal(hub, id, group, "SENT");
                assertThat(w.get("reference").asText()).isEqualTo("recalled " + delivery(hub, id, group).get("reference").asText());
            }
            assertThat(bot.visibleIn(CITIZENS)).as("recalled, not answered with a second message").isEmpty();
            assertThat(bot.visibleIn(VENUES)).isEmpty();
            assertThat(bot.recalled()).hasSize(2);
            assertThat(bot.calls()).filteredOn(c -> c.action().equals("delete_msg")).hasSize(2)
                    .allSatisfy(c -> assertThat(c.retcode()).isZero());
            assertThat(bot.sent()).hasSize(2);
        }
    }

    @Test
    void should_fail_the_recall_of_a_message_older_than_two_minutes_as_too_old_and_leave_it(@TempDir Path tmp) throws Exception {
        try (OneBotServer bot = OneBotServer.start(TOKEN, CITIZENS, VENUES); TestHub hub = hub(tmp, bot, TOKEN, "")) {
            String id = publish(hub, Seeds.itemJson(2, "[\"qq\"]"));
            published(hub, id);
            // three minutes pass, on the bot's clock and in the hub's record of the send
            bot.passTime(Duration.ofMinutes(3));
            for (String group : List.of("citizens", "venues")) {
                String pub = DeliveryStore.deliveryId("qq", id, 1, "publish", group);
                redis.sync().hset(hub.bean(RedisKeys.class).delivery("qq", hub.bean(Buckets.class).of(pub), pub), "sentAt",
                        Instant.now().minus(Duration.ofMinutes(3)).toString());
            }
            withdraw(hub, id);

            JsonNode w = awaitWithdrawal(hub, id, "citizens", "FAILED");
            assertThat(w.get("reason").asText()).contains("too old to recall", "RECALL_API_ERROR",
                    String.valueOf(bot.groupMessages(CITIZENS).get(0).messageId()));
            assertThat(w.get("attempts").asInt()).as("not retried").isEqualTo(1);
            awaitWithdrawal(hub, id, "venues", "FAILED");
            assertThat(bot.visibleIn(CITIZENS)).hasSize(1);
            assertThat(bot.recalled()).isEmpty();
        }
    }

    @Test
    void should_retry_a_recall_after_a_server_error(@TempDir Path tmp) throws Exception {
        try (OneBotServer bot = OneBotServer.start(TOKEN, CITIZENS); TestHub hub = hub(tmp, bot, TOKEN,
                "groups:\n  citizens:\n    group-id: " + CITIZENS + "\n    name: 南通文旅市民服务群\n")) {
            String id = publish(hub, Seeds.itemJson(3, "[\"qq\"]"));
            published(hub, id);
            bot.failNextRequests(1, 502);
            withdraw(hub, id);

            JsonNode w = awaitWithdrawal(hub, id, "citizens", "SENT");
            assertThat(w.get("attempts").asInt()).as("the 502 cost one try").isEqualTo(2);
            assertThat(bot.visibleIn(CITIZENS)).isEmpty();
        }
    }
}
