package cn.gongkai.hub.delivery;

import cn.gongkai.hub.item.Action;
import cn.gongkai.hub.redis.RedisKeys;
import cn.gongkai.hub.support.ChannelConfigs;
import cn.gongkai.hub.support.Flow;
import cn.gongkai.hub.support.Seeds;
import cn.gongkai.hub.support.TestHub;
import cn.gongkai.hub.support.TestHub.Response;
import cn.gongkai.hub.support.TestRedis;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Withdrawing a published version always works, whatever a newer draft is doing, and reaches every target that may have it. */
class WithdrawalIT {
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
    void should_withdraw_the_published_version_while_a_newer_draft_exists_and_leave_the_draft_alone() throws Exception {
        try (TestHub hub = TestHub.start(redis)) {
            Flow flow = new Flow(hub).users();
            String id = flow.approved(Seeds.itemJson(4, "[\"website\",\"press-email\"]")).get("id").asText();
            assertThat(hub.as("approver", "POST", "/api/items/" + id + "/publish", "{}").status()).isEqualTo(202);
            FanOutIT.awaitState(hub, id, "PUBLISHED");

            Response draft = hub.as("editor", "PUT", "/api/items/" + id, Seeds.itemJson(4, "[\"website\",\"press-email\"]").replace("实施方案", "实施方案（修订稿）"));
            assertThat(draft.status()).as(draft.body()).isEqualTo(200);
            assertThat(draft.json().get("state").asText()).isEqualTo("DRAFT");
            assertThat(draft.json().get("publishedVersion").asInt()).isEqualTo(1);

            Response w = hub.as("approver", "POST", "/api/items/" + id + "/withdraw", "{\"reason\":\"数据有误，更正后重新发布\"}");
            assertThat(w.status()).as(w.body()).isEqualTo(202);
            assertThat(w.json().get("withdrawnVersion").asInt()).isEqualTo(1);
            assertThat(w.json().get("state").asText()).as("the draft keeps its own state").isEqualTo("DRAFT");

            String page = DeliveryStore.deliveryId("website", id, 1, "withdraw", "site");
            await().atMost(Duration.ofSeconds(30)).until(() -> "SENT".equals(hub.as("editor", "GET", "/api/deliveries/" + page, null).json().path("state").asText()));
            for (String contact : java.util.List.of("ntrb", "ntgd", "jswh")) {
                String mail = DeliveryStore.deliveryId("press-email", id, 1, "withdraw", contact);
                await().atMost(Duration.ofSeconds(30)).until(() -> "SENT".equals(hub.as("editor", "GET", "/api/deliveries/" + mail, null).json().path("state").asText()));
            }
            JsonNode item = hub.as("editor", "GET", "/api/items/" + id, null).json();
            assertThat(item.at("/withdrawal/version").asInt()).isEqualTo(1);
            assertThat(item.at("/withdrawal/reason").asText()).isEqualTo("数据有误，更正后重新发布");
            assertThat(item.get("version").asInt()).isEqualTo(2);

            assertThat(hub.as("approver", "POST", "/api/items/" + id + "/withdraw", "{\"reason\":\"again\"}").status())
                    .as("withdrawn once").isEqualTo(409);
            // the corrected draft goes through review anew and may be published again
            String hash = item.get("contentHash").asText();
            flow.submit(id);
            assertThat(flow.review("reviewer", id, "first", "approve", hash).status()).isEqualTo(200);
            assertThat(flow.review("approver", id, "final", "approve", hash).status()).isEqualTo(200);
            assertThat(hub.as("approver", "POST", "/api/items/" + id + "/publish", "{}").status()).isEqualTo(202);
            FanOutIT.awaitState(hub, id, "PUBLISHED");
        }
    }

    @Test
    void should_send_the_withdrawal_to_targets_left_in_doubt(@TempDir Path dir) throws Exception {
        Path config = ChannelConfigs.copy(dir.resolve("config"));
        ChannelConfigs.set(config, "sms", ChannelConfigs.smsList("doubt", 3));
        Map<String, Object> props = TestHub.defaults(redis);
        props.put("hub.channel-config-dir", config.toString());
        try (TestHub hub = TestHub.start(props)) {
            Flow flow = new Flow(hub).users();
            String id = flow.approved(Seeds.itemJson(0, "[\"sms\"]")).get("id").asText();
            assertThat(hub.as("approver", "POST", "/api/items/" + id + "/publish", "{}").status()).isEqualTo(202);
            FanOutIT.awaitState(hub, id, "PUBLISHED");
            // what a crash between sending and recording leaves (see CrashRecoveryIT): the hub cannot tell whether it went out
            String doubtful = DeliveryStore.deliveryId("sms", id, 1, Action.PUBLISH.wire(), "doubt-13900000001");
            redis.sync().hset(hub.bean(RedisKeys.class).delivery("sms", hub.bean(Buckets.class).of(doubtful), doubtful), "state", "IN_DOUBT");

            assertThat(hub.as("approver", "POST", "/api/items/" + id + "/withdraw", "{\"reason\":\"撤回\"}").status()).isEqualTo(202);
            for (int i = 0; i < 3; i++) {
                String withdrawal = DeliveryStore.deliveryId("sms", id, 1, Action.WITHDRAW.wire(), "doubt-1390000000" + i);
                await(withdrawal).atMost(Duration.ofSeconds(30)).until(() ->
                        hub.as("editor", "GET", "/api/deliveries/" + withdrawal, null).status() == 200);
            }
        }
    }

    static final java.util.List<String> SHIPPED_SMS = java.util.List.of("media-liaison-13800000001", "media-liaison-13800000002",
            "media-liaison-13900000003", "culture-venues-15000000004", "culture-venues-18600000005");

    @Test
    void should_skip_the_sms_withdrawal_saying_it_cannot_be_recalled_by_default_and_count_it_skipped_not_failed() throws Exception {
        try (TestHub hub = TestHub.start(redis)) {
            String id = new Flow(hub).users().approved(Seeds.itemJson(2, "[\"sms\"]")).get("id").asText();
            assertThat(hub.as("approver", "POST", "/api/items/" + id + "/publish", "{}").status()).isEqualTo(202);
            FanOutIT.awaitState(hub, id, "PUBLISHED");
            long sentFiles = outboxFiles(hub);
            assertThat(hub.as("approver", "POST", "/api/items/" + id + "/withdraw", "{\"reason\":\"撤回\"}").status()).isEqualTo(202);

            for (String target : SHIPPED_SMS) {
                String w = DeliveryStore.deliveryId("sms", id, 1, Action.WITHDRAW.wire(), target);
                JsonNode d = await(w).atMost(Duration.ofSeconds(30)).until(() -> hub.as("editor", "GET", "/api/deliveries/" + w, null).json(),
                        j -> "SKIPPED".equals(j.path("state").asText()));
                assertThat(d.get("reason").asText()).contains("an SMS cannot be recalled");
            }
            assertThat(outboxFiles(hub)).as("no SMS went out").isEqualTo(sentFiles);
            JsonNode stats = hub.as("editor", "GET", "/api/stats", null).json().at("/channels/sms");
            assertThat(stats.get("failed").asInt()).isZero();
            assertThat(stats.get("skipped").asInt()).isEqualTo(SHIPPED_SMS.size());
        }
    }

    @Test
    void should_send_a_short_correction_sms_when_sms_withdrawal_is_correction(@TempDir Path dir) throws Exception {
        Path config = ChannelConfigs.copy(dir.resolve("config"));
        ChannelConfigs.set(config, "sms", "withdrawal: correction");
        Map<String, Object> props = TestHub.defaults(redis);
        props.put("hub.channel-config-dir", config.toString());
        try (TestHub hub = TestHub.start(props)) {
            String id = new Flow(hub).users().approved(Seeds.itemJson(2, "[\"sms\"]")).get("id").asText();
            assertThat(hub.as("approver", "POST", "/api/items/" + id + "/publish", "{}").status()).isEqualTo(202);
            FanOutIT.awaitState(hub, id, "PUBLISHED");
            assertThat(hub.as("approver", "POST", "/api/items/" + id + "/withdraw", "{\"reason\":\"统计数据有误\"}").status()).isEqualTo(202);

            for (String target : SHIPPED_SMS) {
                String w = DeliveryStore.deliveryId("sms", id, 1, Action.WITHDRAW.wire(), target);
                JsonNode d = await(w).atMost(Duration.ofSeconds(30)).until(() -> hub.as("editor", "GET", "/api/deliveries/" + w, null).json(),
                        j -> "SENT".equals(j.path("state").asText()));
                JsonNode sms = TestHub.JSON.readTree(java.nio.file.Files.readString(
                        Path.of(hub.bean(cn.gongkai.hub.HubConfig.class).dataDir()).resolve(d.get("reference").asText())));
                assertThat(sms.get("text").asText()).startsWith("【南通市文广旅局】").contains("撤回", "统计数据有误");
                assertThat(sms.get("to").asText()).isEqualTo(d.get("targetAddress").asText());
            }
        }
    }

    static long outboxFiles(TestHub hub) throws java.io.IOException {
        Path dir = Path.of(hub.bean(cn.gongkai.hub.HubConfig.class).dataDir()).resolve("outbox/sms");
        try (var files = java.nio.file.Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".json")).count();
        }
    }

    @Test
    void should_refuse_to_withdraw_what_was_never_approved() {
        try (TestHub hub = TestHub.start(redis)) {
            Flow flow = new Flow(hub).users();
            String id = flow.create(Seeds.itemJson(1, "[\"website\"]")).get("id").asText();
            Response r = hub.as("approver", "POST", "/api/items/" + id + "/withdraw", "{\"reason\":\"撤回\"}");
            assertThat(r.status()).isEqualTo(409);
            assertThat(r.json().get("message").asText()).contains("nothing to withdraw");
            assertThat(hub.as("approver", "POST", "/api/items/999/withdraw", "{\"reason\":\"撤回\"}").status()).isEqualTo(404);
        }
    }
}
