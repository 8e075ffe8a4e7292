package cn.gongkai.hub.delivery;

import cn.gongkai.hub.camel.CamelRuntime;
import cn.gongkai.hub.redis.RedisKeys;
import cn.gongkai.hub.support.ChannelConfigs;
import cn.gongkai.hub.support.Flow;
import cn.gongkai.hub.support.Seeds;
import cn.gongkai.hub.support.TestHub;
import cn.gongkai.hub.support.TestHub.Response;
import cn.gongkai.hub.support.TestRedis;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What goes out is exactly what was approved: content read once by the gate and rendered from that read, the
 * 索引号 and each attachment's type, size and bytes bound by the approval, and a publication the gate refuses
 * taking the item back from PUBLISHING.
 */
class GateBindingIT {
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
    void should_never_send_content_swapped_in_redis_while_it_is_being_published(@TempDir Path dir) throws Exception {
        Path config = ChannelConfigs.copy(dir.resolve("config"));
        ChannelConfigs.set(config, "sms", ChannelConfigs.smsList("swap", 200) + "batch-size: 5");
        Map<String, Object> props = TestHub.defaults(redis);
        props.put("hub.channel-config-dir", config.toString());
        // many small stream entries: many gate checks, each followed by a render
        props.put("hub.delivery.deliveries-per-entry", 5);
        try (TestHub hub = TestHub.start(props)) {
            Flow flow = new Flow(hub).users();
            String id = flow.approved(Seeds.itemJson(4, "[\"website\",\"wechat\",\"sms\",\"qq\"]")).get("id").asText();
            String key = hub.bean(RedisKeys.class).itemVersion(id, 1);
            String original = redis.sync().get(key);
            ObjectNode tampered = (ObjectNode) TestHub.JSON.readTree(original);
            ((ObjectNode) tampered.get("content")).put("title", "篡改后的标题");
            String swapped = tampered.toString();

            AtomicBoolean swapping = new AtomicBoolean(true);
            AtomicLong swaps = new AtomicLong();
            Thread swapper = new Thread(() -> {
                try (RedisClient client = RedisClient.create(redis.uri()); StatefulRedisConnection<String, String> c = client.connect()) {
                    RedisCommands<String, String> r = c.sync();
                    while (swapping.get()) {
                        r.set(key, swapped);
                        r.set(key, original);
                        swaps.incrementAndGet();
                    }
                }
            }, "swapper");
            swapper.start();
            try {
                // the API's and the publish route's gate checks may catch the swapped content (409, or the item goes
                // back to APPROVED): then ask again, until a publication got past them to the channels
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    hub.as("editor", "POST", "/api/items/" + id + "/publish", "{}");
                    String state = FanOutIT.awaitState(hub, id, "APPROVED", "PUBLISHED", "PARTIALLY_PUBLISHED").get("state").asText();
                    return !state.equals("APPROVED");
                });
            } finally {
                swapping.set(false);
                swapper.join();
            }
            assertThat(swaps.get()).as("the content was swapped back and forth during the publication").isGreaterThan(100);
            JsonNode deliveries = hub.as("editor", "GET", "/api/items/" + id + "/deliveries", null).json();
            long refused = 0;
            for (String ch : List.of("website", "wechat", "sms", "qq")) {
                JsonNode byState = deliveries.at("/channels/" + ch + "/byState");
                refused += byState.path("REFUSED").asLong();
                assertThat(byState.path("SENT").asLong() + byState.path("REFUSED").asLong()).as(ch).isEqualTo(deliveries.at("/channels/" + ch + "/total").asLong());
                for (String text : outboxTexts(hub.dataDir(), ch)) {
                    assertThat(text).as(ch + ": nothing rendered from content that was not the approved one").doesNotContain("篡改后的标题");
                }
            }
            assertThat(refused).as("the gate saw the swapped content at least once and refused it").isPositive();
        }
    }

    @Test
    void should_refuse_and_record_an_attachment_whose_file_changed_on_disk_after_approval() throws Exception {
        try (TestHub hub = TestHub.start(redis)) {
            Flow flow = new Flow(hub).users();
            JsonNode item = flow.create(Seeds.itemJson(2, "[\"website\",\"press-email\"]"));
            String id = item.get("id").asText();
            byte[] guide = "办事指南：请携带有效证件原件到窗口办理。".getBytes(StandardCharsets.UTF_8);
            Response up = hub.upload("/api/items/" + id + "/attachments", "办事指南.txt", "text/plain", guide, "editor", TestHub.password("editor"));
            assertThat(up.status()).as(up.body()).isEqualTo(201);
            String sha = up.json().at("/attachments/0/sha256").asText();
            approve(flow, hub, id);

            Path file = hub.dataDir().resolve("attachments").resolve(sha.substring(0, 2)).resolve(sha);
            Files.writeString(file, "身份证号：11010519491231002X，联系电话13800000000", StandardCharsets.UTF_8);
            assertThat(hub.as("approver", "POST", "/api/items/" + id + "/publish", "{}").status()).isEqualTo(202);

            FanOutIT.awaitState(hub, id, "PARTIALLY_PUBLISHED");
            for (String ch : List.of("website", "press-email")) {
                JsonNode c = hub.as("editor", "GET", "/api/items/" + id + "/deliveries", null).json().at("/channels/" + ch);
                assertThat(c.at("/byState/REFUSED").asInt()).as(ch).isEqualTo(c.get("total").asInt());
                assertThat(c.at("/problems/0/lastError").asText()).contains("办事指南.txt").contains("differs from what was approved");
                assertThat(outboxTexts(hub.dataDir(), ch)).as(ch + ": nothing went out").isEmpty();
            }
            JsonNode refusals = hub.as("editor", "GET", "/api/items/" + id + "/review-record", null).json().get("refusals");
            assertThat(refusals.toString()).contains("办事指南.txt");
            assertThat(hub.as("editor", "GET", "/api/items/" + id, null).json().get("stateReason").asText()).contains("refused");
        }
    }

    @Test
    void should_bind_the_index_number_and_each_attachment_type_and_size_to_the_approval() throws Exception {
        try (TestHub hub = TestHub.start(redis)) {
            Flow flow = new Flow(hub).users();
            RedisKeys keys = hub.bean(RedisKeys.class);
            String index = null;
            for (String field : List.of("indexNumber", "contentType", "size")) {
                JsonNode item = flow.create(Seeds.itemJson(0, "[\"website\"]"));
                String id = item.get("id").asText();
                index = item.get("indexNumber").asText();
                hub.upload("/api/items/" + id + "/attachments", "附件.txt", "text/plain", "附件内容".getBytes(StandardCharsets.UTF_8),
                        "editor", TestHub.password("editor"));
                approve(flow, hub, id);
                String key = keys.itemVersion(id, 2);
                ObjectNode v = (ObjectNode) TestHub.JSON.readTree(redis.sync().get(key));
                switch (field) {
                    case "indexNumber" -> v.put("indexNumber", "GK-2026-999999");
                    case "contentType" -> ((ObjectNode) v.at("/content/attachments/0")).put("contentType", "text/html");
                    default -> ((ObjectNode) v.at("/content/attachments/0")).put("size", 1);
                }
                redis.sync().set(key, v.toString());
                Response pub = hub.as("approver", "POST", "/api/items/" + id + "/publish", "{}");
                assertThat(pub.status()).as(field + " changed after approval: " + pub.body()).isEqualTo(409);
                assertThat(pub.json().get("message").asText()).contains("differs from what was approved");
            }

            // the 索引号 shown is the one the approval covers, not a copy kept beside the item
            JsonNode item = flow.approved(Seeds.itemJson(1, "[\"website\"]"));
            String id = item.get("id").asText();
            String approvedIndex = item.get("indexNumber").asText();
            redis.sync().hset(keys.itemMeta(id), "indexNumber", "GK-2026-888888");
            assertThat(hub.as("approver", "POST", "/api/items/" + id + "/publish", "{}").status()).isEqualTo(202);
            FanOutIT.awaitState(hub, id, "PUBLISHED");
            assertThat(String.join("", outboxTexts(hub.dataDir(), "website"))).contains(approvedIndex).doesNotContain("GK-2026-888888");
            assertThat(index).isNotBlank();
        }
    }

    @Test
    void should_take_an_item_back_from_publishing_with_the_reason_when_the_publish_route_refuses_it() throws Exception {
        try (TestHub hub = TestHub.start(redis)) {
            Flow flow = new Flow(hub).users();
            String id = flow.approved(Seeds.itemJson(3, "[\"website\"]")).get("id").asText();
            var routes = hub.bean(CamelRuntime.class).context().getRouteController();
            routes.stopRoute("publish-item");
            Response pub = hub.as("approver", "POST", "/api/items/" + id + "/publish", "{}");
            assertThat(pub.status()).isEqualTo(202);
            assertThat(hub.as("editor", "GET", "/api/items/" + id, null).json().get("state").asText()).isEqualTo("PUBLISHING");

            String key = hub.bean(RedisKeys.class).itemVersion(id, 1);
            ObjectNode v = (ObjectNode) TestHub.JSON.readTree(redis.sync().get(key));
            ((ObjectNode) v.get("content")).put("body", "篡改后的正文");
            redis.sync().set(key, v.toString());
            routes.startRoute("publish-item");

            JsonNode back = FanOutIT.awaitState(hub, id, "APPROVED");
            assertThat(back.get("stateReason").asText()).contains("review gate refused").contains("differs from what was approved");
            assertThat(FanOutIT.outboxFiles(hub.dataDir(), "website")).isZero();
        }
    }

    @Test
    void should_refuse_a_publish_time_in_the_past_or_out_of_range_and_take_now_and_a_few_minutes_ago_as_now() {
        try (TestHub hub = TestHub.start(redis)) {
            Flow flow = new Flow(hub).users();
            String id = flow.approved(Seeds.itemJson(0, "[\"website\"]")).get("id").asText();
            for (String bad : List.of(Instant.now().minus(Duration.ofHours(2)).toString(), "+999999999-12-31T23:59:59Z",
                    "-999999999-01-01T00:00:00Z", Instant.now().plus(Duration.ofDays(400)).toString(), "tomorrow")) {
                Response r = hub.as("approver", "POST", "/api/items/" + id + "/publish", "{\"publishAt\":\"" + bad + "\"}");
                assertThat(r.status()).as(bad + ": " + r.body()).isEqualTo(400);
                assertThat(r.json().at("/errors/0/field").asText()).isEqualTo("publishAt");
            }
            assertThat(hub.as("editor", "GET", "/api/items/" + id, null).json().get("state").asText()).isEqualTo("APPROVED");

            String later = Instant.now().plus(Duration.ofHours(3)).toString();
            Response scheduled = hub.as("approver", "POST", "/api/items/" + id + "/publish", "{\"publishAt\":\"" + later + "\"}");
            assertThat(scheduled.status()).isEqualTo(202);
            assertThat(scheduled.json().get("scheduledAt").asText()).isEqualTo(later);
            assertThat(hub.as("editor", "GET", "/api/items/" + id, null).json().get("scheduledAt").asText()).isEqualTo(later);

            Response recent = hub.as("approver", "POST", "/api/items/" + id + "/publish",
                    "{\"publishAt\":\"" + Instant.now().minus(Duration.ofMinutes(2)) + "\"}");
            assertThat(recent.status()).isEqualTo(202);
            assertThat(recent.json().get("state").asText()).isEqualTo("PUBLISHING");
            FanOutIT.awaitState(hub, id, "PUBLISHED");

            String other = flow.approved(Seeds.itemJson(1, "[\"website\"]")).get("id").asText();
            Response now = hub.as("approver", "POST", "/api/items/" + other + "/publish", "{\"publishAt\":\"now\"}");
            assertThat(now.status()).isEqualTo(202);
            FanOutIT.awaitState(hub, other, "PUBLISHED");
        }
    }

    static void approve(Flow flow, TestHub hub, String id) {
        JsonNode current = hub.as("editor", "GET", "/api/items/" + id, null).json();
        String hash = current.get("contentHash").asText();
        flow.submit(id);
        assertThat(flow.review("reviewer", id, "first", "approve", hash).status()).isEqualTo(200);
        assertThat(flow.review("approver", id, "final", "approve", hash).status()).isEqualTo(200);
    }

    /** The text of every message file a channel's outbox holds. */
    static List<String> outboxTexts(Path data, String channel) throws IOException {
        Path d = data.resolve("outbox").resolve(channel);
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(d)) {
            return out;
        }
        try (Stream<Path> s = Files.list(d)) {
            for (Path p : s.filter(p -> !p.getFileName().toString().equals("sent.log") && !p.getFileName().toString().startsWith(".")).toList()) {
                out.add(Files.readString(p, StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}
