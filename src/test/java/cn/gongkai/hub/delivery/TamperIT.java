package cn.gongkai.hub.delivery;

import cn.gongkai.hub.redis.RedisKeys;
import cn.gongkai.hub.support.Flow;
import cn.gongkai.hub.support.Seeds;
import cn.gongkai.hub.support.TestHub;
import cn.gongkai.hub.support.TestRedis;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Content changed in Redis behind the hub's back after final approval: every route refuses it. */
class TamperIT {

    @Test
    void should_refuse_tampered_content_on_the_publish_route_and_every_delivery_route(@TempDir Path dir) throws Exception {
        try (TestRedis redis = TestRedis.start()) {
            Map<String, Object> props = TestHub.defaults(redis);
            props.put("hub.test.qq-failures", -1);
            props.put("hub.channel-config-dir", FanOutIT.fastRetries(dir).toString());
            try (TestHub hub = TestHub.start(props)) {
                Flow flow = new Flow(hub).users();
                JsonNode item = flow.approved(Seeds.itemJson(4, "[\"website\",\"qq\"]"));
                String id = item.get("id").asText();
                hub.as("editor", "POST", "/api/items/" + id + "/publish", "{}");
                await().atMost(Duration.ofSeconds(30)).until(() -> FanOutIT.outboxFiles(hub.dataDir(), "website") == 1);
                String qq = DeliveryStore.deliveryId("qq", id, 1, "publish", "test-group");

                RedisKeys keys = hub.bean(RedisKeys.class);
                String key = keys.itemVersion(id, 1);
                ObjectNode stored = (ObjectNode) TestHub.JSON.readTree(redis.sync().get(key));
                ((ObjectNode) stored.get("content")).put("body", "篡改后的正文：联系电话13800000000");
                redis.sync().set(key, stored.toString());

                // the pending QQ delivery comes back from its retry and meets the gate
                await().atMost(Duration.ofSeconds(30)).until(() ->
                        "REFUSED".equals(hub.as("editor", "GET", "/api/deliveries/" + qq, null).json().get("state").asText()));
                assertThat(hub.as("editor", "GET", "/api/deliveries/" + qq, null).json().get("lastError").asText())
                        .contains("differs from what was approved");

                // a publication request put straight on the stream (not through the API) is refused by the publish route
                redis.sync().xadd(keys.stream("publish"), Map.of("itemId", id, "version", "1", "action", "publish",
                        "channels", "website,qq", "requestedBy", "intruder"));
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    JsonNode refusals = hub.as("editor", "GET", "/api/items/" + id + "/review-record", null).json().get("refusals");
                    for (JsonNode r : refusals) {
                        if ("publish-item".equals(r.get("route").asText())) {
                            return true;
                        }
                    }
                    return false;
                });
                assertThat(FanOutIT.outboxFiles(hub.dataDir(), "website")).as("nothing more reached a channel").isEqualTo(1);
                assertThat(FanOutIT.outboxFiles(hub.dataDir(), "qq")).isZero();
                assertThat(hub.as("editor", "POST", "/api/items/" + id + "/publish", "{}").status()).isEqualTo(409);
            }
        }
    }
}
