package cn.gongkai.hub.delivery;

import cn.gongkai.hub.subscriber.OptOuts;
import cn.gongkai.hub.support.ChannelConfigs;
import cn.gongkai.hub.support.Flow;
import cn.gongkai.hub.support.Seeds;
import cn.gongkai.hub.support.TestHub;
import cn.gongkai.hub.support.TestRedis;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Quiet hours hold normal SMS until the window ends (urgent ones go), and a number that opted out is skipped. */
class DeliveryPolicyIT {
    static final DateTimeFormatter HM = DateTimeFormatter.ofPattern("HH:mm");

    static String deliveryId(String itemId, String number) {
        return DeliveryStore.deliveryId("sms", itemId, 1, "publish", "media-liaison-" + number);
    }

    @Test
    void should_hold_normal_sms_in_quiet_hours_until_the_window_ends_and_send_urgent_ones_at_once(@TempDir Path tmp) throws Exception {
        ZonedDateTime now = ZonedDateTime.now(ZoneId.of("Asia/Shanghai"));
        String window = now.minusHours(1).format(HM) + "-" + now.plusHours(1).format(HM);
        try (TestRedis redis = TestRedis.start()) {
            Path config = ChannelConfigs.copy(tmp.resolve("channel-config"));
            ChannelConfigs.set(config, "sms", "quiet-hours: \"" + window + "\"");
            Map<String, Object> p = TestHub.defaults(redis);
            p.put("hub.channel-config-dir", config.toString());
            try (TestHub hub = TestHub.start(p)) {
                Flow flow = new Flow(hub).users();
                String normal = flow.approved(Seeds.itemJson(0, "[\"sms\"]")).get("id").asText();
                assertThat(hub.as("editor", "POST", "/api/items/" + normal + "/publish", "{}").status()).isEqualTo(202);
                String held = deliveryId(normal, "13800000001");
                JsonNode d = await().atMost(Duration.ofSeconds(30)).until(
                        () -> hub.as("editor", "GET", "/api/deliveries/" + held, null).json(),
                        j -> "RETRYING".equals(j.path("state").asText()));
                assertThat(d.get("lastError").asText()).contains("quiet hours");
                assertThat(d.get("attempts").asInt()).as("holding uses no attempt").isZero();
                Instant due = Instant.parse(d.get("nextAttemptAt").asText());
                assertThat(due).as("due when the window ends").isBetween(now.plusMinutes(59).toInstant(), now.plusMinutes(61).toInstant());
                assertThat(hub.dataDir().resolve("outbox/sms/sent.log")).doesNotExist();

                ObjectNode urgentItem = (ObjectNode) TestHub.JSON.readTree(Seeds.itemJson(1, "[\"sms\"]"));
                urgentItem.put("urgency", "urgent");
                String urgent = flow.approved(urgentItem.toString()).get("id").asText();
                assertThat(hub.as("editor", "POST", "/api/items/" + urgent + "/publish", "{}").status()).isEqualTo(202);
                await().atMost(Duration.ofSeconds(30)).until(
                        () -> "PUBLISHED".equals(hub.as("editor", "GET", "/api/items/" + urgent, null).json().path("state").asText()));
                assertThat(Files.readAllLines(hub.dataDir().resolve("outbox/sms/sent.log"))).hasSize(5)
                        .noneMatch(l -> l.startsWith(held + "\t"));
                assertThat(hub.as("editor", "GET", "/api/items/" + urgent + "/deliveries", null).json().at("/channels/sms/byState/SENT").asInt())
                        .isEqualTo(5);
                assertThat(hub.as("editor", "GET", "/api/deliveries/" + held, null).json().path("state").asText()).isEqualTo("RETRYING");
            }
        }
    }

    @Test
    void should_skip_a_number_that_opted_out_and_count_it_apart_from_failures(@TempDir Path tmp) throws Exception {
        try (TestRedis redis = TestRedis.start(); TestHub hub = TestHub.start(redis)) {
            hub.bean(OptOuts.class).optOut("sms", "13800000002", "smpp:TD", Instant.now());
            Flow flow = new Flow(hub).users();
            String id = flow.approved(Seeds.itemJson(0, "[\"sms\"]")).get("id").asText();
            assertThat(hub.as("editor", "POST", "/api/items/" + id + "/publish", "{}").status()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(30)).until(
                    () -> "PUBLISHED".equals(hub.as("editor", "GET", "/api/items/" + id, null).json().path("state").asText()));

            JsonNode skipped = hub.as("editor", "GET", "/api/deliveries/" + deliveryId(id, "13800000002"), null).json();
            assertThat(skipped.get("state").asText()).isEqualTo("SKIPPED");
            assertThat(skipped.get("reason").asText()).contains("opted out");
            assertThat(Files.readAllLines(hub.dataDir().resolve("outbox/sms/sent.log"))).hasSize(4)
                    .noneMatch(l -> l.startsWith(deliveryId(id, "13800000002") + "\t"));
            JsonNode sms = hub.as("editor", "GET", "/api/stats", null).json().at("/channels/sms");
            assertThat(sms.get("messages").asInt()).isEqualTo(4);
            assertThat(sms.get("skipped").asInt()).isEqualTo(1);
            assertThat(sms.get("failed").asInt()).isZero();
        }
    }
}
