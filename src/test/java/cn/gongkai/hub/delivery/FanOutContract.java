package cn.gongkai.hub.delivery;

import cn.gongkai.hub.support.ChannelConfigs;
import cn.gongkai.hub.support.Flow;
import cn.gongkai.hub.support.Seeds;
import cn.gongkai.hub.support.TestHub;
import cn.gongkai.hub.support.TestHub.Response;
import cn.gongkai.hub.support.RedisUnderTest;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Year;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The fan-out of a publication to every channel, retries, dead letters, a scheduled publication across a restart and a
 * withdrawal, on the Redis {@link #startRedis()} gives: one server ({@link FanOutIT}) or a cluster ({@link FanOutOnClusterIT}).
 */
@org.junit.jupiter.api.TestInstance(org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS)
abstract class FanOutContract {
    static final List<String> ALL = List.of("website", "wechat", "sms", "qq", "led", "press-email");
    RedisUnderTest redis;

    abstract RedisUnderTest startRedis();

    @BeforeAll
    void start() {
        redis = startRedis();
    }

    @AfterAll
    void stop() {
        redis.close();
    }

    static String allChannels() {
        return "[\"website\",\"wechat\",\"sms\",\"qq\",\"led\",\"press-email\"]";
    }

    static JsonNode awaitState(TestHub hub, String id, String... states) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            last[0] = hub.as("editor", "GET", "/api/items/" + id, null).json();
            return List.of(states).contains(last[0].get("state").asText());
        });
        return last[0];
    }

    static long outboxFiles(Path data, String channel) throws IOException {
        Path dir = data.resolve("outbox").resolve(channel);
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().equals("sent.log") && !p.getFileName().toString().startsWith(".tmp-")).count();
        }
    }

    @Test
    void should_publish_a_seed_to_every_channel_once_with_counters_equal_to_the_files() throws Exception {
        try (TestHub hub = TestHub.start(redis)) {
            Flow flow = new Flow(hub).users();
            String id = flow.approved(Seeds.itemJson(4, allChannels())).get("id").asText();
            Response pub = hub.as("editor", "POST", "/api/items/" + id + "/publish", "{}");
            assertThat(pub.status()).as(pub.body()).isEqualTo(202);
            awaitState(hub, id, "PUBLISHED");

            JsonNode deliveries = hub.as("editor", "GET", "/api/items/" + id + "/deliveries", null).json();
            JsonNode stats = hub.as("editor", "GET", "/api/stats", null).json();
            for (String ch : ALL) {
                long files = outboxFiles(hub.dataDir(), ch);
                JsonNode c = deliveries.at("/channels/" + ch);
                assertThat(c.get("total").asLong()).as(ch).isPositive().isEqualTo(files);
                assertThat(c.at("/byState/SENT").asLong()).as(ch).isEqualTo(files);
                assertThat(stats.at("/channels/" + ch + "/messages").asLong()).as(ch + " counter").isEqualTo(files);
                assertThat(stats.at("/channels/" + ch + "/items").asLong()).as(ch + " distinct items").isEqualTo(1);
            }
            assertThat(stats.at("/channels/sms/parts").asLong()).isGreaterThanOrEqualTo(stats.at("/channels/sms/messages").asLong());
            try (Stream<Path> sms = Files.list(hub.dataDir().resolve("outbox/sms"))) {
                Path one = sms.filter(p -> p.toString().endsWith(".json")).findFirst().orElseThrow();
                JsonNode msg = TestHub.JSON.readTree(one.toFile());
                assertThat(msg.get("text").asText()).startsWith("【").contains(Seeds.title(4).substring(0, 10))
                        .contains("https://www.example.gov.cn/xxgk/items/" + id + ".html");
                assertThat(msg.get("parts").asInt()).isPositive();
            }

            Map<String, Long> before = new HashMap<>();
            for (String ch : ALL) {
                before.put(ch, outboxFiles(hub.dataDir(), ch));
            }
            assertThat(hub.as("approver", "POST", "/api/items/" + id + "/publish", "{}").status()).isEqualTo(202);
            awaitState(hub, id, "PUBLISHED");
            JsonNode again = hub.as("editor", "GET", "/api/stats", null).json();
            for (String ch : ALL) {
                assertThat(outboxFiles(hub.dataDir(), ch)).as(ch).isEqualTo(before.get(ch));
                assertThat(again.at("/channels/" + ch + "/messages").asLong()).isEqualTo(before.get(ch));
                assertThat(Files.readAllLines(hub.dataDir().resolve("outbox/" + ch + "/sent.log"))).as(ch).hasSize(before.get(ch).intValue());
            }
            JsonNode monthly = hub.as("editor", "GET", "/api/stats?groupBy=month", null).json().at("/groups/" + Year.now(ZoneId.of("Asia/Shanghai")) + "-"
                    + String.format("%02d", java.time.LocalDate.now(ZoneId.of("Asia/Shanghai")).getMonthValue()) + "/channels/sms");
            assertThat(monthly.get("messages").asLong()).isEqualTo(before.get("sms"));
        }
    }

    @Test
    void should_retry_an_unavailable_channel_until_it_sends_without_holding_up_the_others(@TempDir Path dir) throws Exception {
        Map<String, Object> props = TestHub.defaults(redis);
        props.put("hub.test.qq-failures", 2);
        props.put("hub.channel-config-dir", fastRetries(dir).toString());
        try (TestHub hub = TestHub.start(props)) {
            Flow flow = new Flow(hub).users();
            String id = flow.approved(Seeds.itemJson(0, "[\"website\",\"qq\"]")).get("id").asText();
            hub.as("editor", "POST", "/api/items/" + id + "/publish", "{}");
            awaitState(hub, id, "PUBLISHED");
            JsonNode qq = hub.as("editor", "GET", "/api/items/" + id + "/deliveries", null).json().at("/channels/qq");
            assertThat(qq.at("/byState/SENT").asInt()).isEqualTo(1);
            String deliveryId = cn.gongkai.hub.delivery.DeliveryStore.deliveryId("qq", id, 1, "publish", "test-group");
            JsonNode d = hub.as("editor", "GET", "/api/deliveries/" + deliveryId, null).json();
            assertThat(d.get("attempts").asInt()).isEqualTo(3);
            assertThat(d.get("state").asText()).isEqualTo("SENT");
            assertThat(FailingQqChannel.CALLS.get()).isEqualTo(3);
            assertThat(outboxFiles(hub.dataDir(), "website")).isEqualTo(1);
        }
    }

    @Test
    void should_end_dead_with_the_reason_when_a_channel_never_recovers_and_retry_on_request(@TempDir Path dir) throws Exception {
        Map<String, Object> props = TestHub.defaults(redis);
        props.put("hub.test.qq-failures", -1);
        props.put("hub.channel-config-dir", fastRetries(dir).toString());
        try (TestHub hub = TestHub.start(props)) {
            Flow flow = new Flow(hub).users();
            String id = flow.approved(Seeds.itemJson(1, "[\"website\",\"qq\"]")).get("id").asText();
            hub.as("editor", "POST", "/api/items/" + id + "/publish", "{}");
            JsonNode item = awaitState(hub, id, "PARTIALLY_PUBLISHED");
            assertThat(item.get("stateReason").asText()).contains("1 of 2");
            String deliveryId = DeliveryStore.deliveryId("qq", id, 1, "publish", "test-group");
            JsonNode d = hub.as("editor", "GET", "/api/deliveries/" + deliveryId, null).json();
            assertThat(d.get("state").asText()).isEqualTo("DEAD");
            assertThat(d.get("attempts").asInt()).isEqualTo(4);
            assertThat(d.get("lastError").asText()).contains("HTTP 503");
            JsonNode dead = hub.get("/api/deliveries?state=DEAD", "admin", TestHub.ADMIN_PASSWORD).json();
            assertThat(dead.toString()).contains(deliveryId);
            assertThat(outboxFiles(hub.dataDir(), "website")).isEqualTo(1);
            assertThat(hub.get("/api/stats", "admin", TestHub.ADMIN_PASSWORD).json().at("/channels/qq/messages").asInt()).isZero();

            assertThat(hub.as("editor", "POST", "/api/deliveries/" + deliveryId + "/retry", "").status()).isEqualTo(403);
            Response retry = hub.post("/api/deliveries/" + deliveryId + "/retry", "", "admin", TestHub.ADMIN_PASSWORD);
            assertThat(retry.status()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    hub.as("editor", "GET", "/api/deliveries/" + deliveryId, null).json().get("attempts").asInt() == 8);
            assertThat(hub.post("/api/deliveries/" + deliveryId + "/resend", "", "admin", TestHub.ADMIN_PASSWORD).status()).isEqualTo(409);
        }
    }

    @Test
    void should_fire_a_scheduled_publication_after_a_restart() throws Exception {
        Map<String, Object> props = TestHub.defaults(redis);
        String id;
        try (TestHub hub = TestHub.start(props)) {
            Flow flow = new Flow(hub).users();
            id = flow.approved(Seeds.itemJson(2, "[\"website\"]")).get("id").asText();
            String at = java.time.OffsetDateTime.now().plusSeconds(4).toString();
            Response r = hub.as("editor", "POST", "/api/items/" + id + "/publish", "{\"publishAt\":\"" + at + "\"}");
            assertThat(r.status()).isEqualTo(202);
            assertThat(r.json().get("scheduledAt").asText()).isNotBlank();
            assertThat(hub.as("editor", "GET", "/api/items/" + id, null).json().get("state").asText()).isEqualTo("APPROVED");
        }
        try (TestHub again = TestHub.start(props)) {
            awaitState(again, id, "PUBLISHED");
            assertThat(outboxFiles(again.dataDir(), "website")).isEqualTo(1);
        }
        try (TestHub hub = TestHub.start(props)) {
            assertThat(hub.as("editor", "POST", "/api/items/" + id + "/publish", "{\"publishAt\":\"next tuesday\"}").status()).isEqualTo(400);
            // without an offset, publishAt is in the hub's zone (Asia/Shanghai)
            String other = new Flow(hub).approved(Seeds.itemJson(3, "[\"website\"]")).get("id").asText();
            java.time.LocalDateTime local = java.time.LocalDateTime.now(ZoneId.of("Asia/Shanghai")).plusHours(2).withNano(0);
            Response r = hub.as("editor", "POST", "/api/items/" + other + "/publish", "{\"publishAt\":\"" + local + "\"}");
            assertThat(r.status()).isEqualTo(202);
            assertThat(java.time.Instant.parse(r.json().get("scheduledAt").asText()))
                    .isEqualTo(local.atZone(ZoneId.of("Asia/Shanghai")).toInstant());
        }
    }

    @Test
    void should_refuse_pending_deliveries_of_a_withdrawn_item_and_withdraw_where_it_was_sent(@TempDir Path dir) throws Exception {
        Map<String, Object> props = TestHub.defaults(redis);
        props.put("hub.test.qq-failures", -1);
        props.put("hub.channel-config-dir", fastRetries(dir).toString());
        try (TestHub hub = TestHub.start(props)) {
            Flow flow = new Flow(hub).users();
            String id = flow.approved(Seeds.itemJson(3, "[\"website\",\"qq\"]")).get("id").asText();
            hub.as("editor", "POST", "/api/items/" + id + "/publish", "{}");
            await().atMost(Duration.ofSeconds(30)).until(() -> outboxFiles(hub.dataDir(), "website") == 1);
            assertThat(hub.as("editor", "POST", "/api/items/" + id + "/withdraw", "{\"reason\":\"x\"}").status()).isEqualTo(403);
            assertThat(hub.as("approver", "POST", "/api/items/" + id + "/withdraw", "{}").status()).isEqualTo(400);
            Response w = hub.as("approver", "POST", "/api/items/" + id + "/withdraw", "{\"reason\":\"数据有误，更正后重新发布\"}");
            assertThat(w.status()).isEqualTo(202);
            String qqId = DeliveryStore.deliveryId("qq", id, 1, "publish", "test-group");
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    "REFUSED".equals(hub.as("editor", "GET", "/api/deliveries/" + qqId, null).json().get("state").asText()));
            assertThat(hub.as("editor", "GET", "/api/deliveries/" + qqId, null).json().get("lastError").asText()).contains("withdrawn");
            String withdrawal = DeliveryStore.deliveryId("website", id, 1, "withdraw", "site");
            await().atMost(Duration.ofSeconds(30)).until(() -> hub.as("editor", "GET", "/api/deliveries/" + withdrawal, null).status() == 200
                    && "SENT".equals(hub.as("editor", "GET", "/api/deliveries/" + withdrawal, null).json().get("state").asText()));
            JsonNode qq = hub.as("editor", "GET", "/api/items/" + id + "/deliveries", null).json().at("/channels/qq/byState");
            assertThat(qq.has("SENT")).as("qq never received the item, so it gets no withdrawal").isFalse();
            assertThat(hub.as("editor", "GET", "/api/stats", null).json().at("/channels/website/withdrawals").asInt()).isEqualTo(1);
        }
    }

    static Path fastRetries(Path dir) throws IOException {
        ChannelConfigs.copy(dir);
        ChannelConfigs.set(dir, "qq", "initial-backoff: 50ms\nmax-backoff: 200ms\nmax-attempts: 4");
        return dir;
    }
}
