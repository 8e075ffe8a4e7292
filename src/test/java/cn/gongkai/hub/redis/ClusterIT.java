package cn.gongkai.hub.redis;

import cn.gongkai.hub.StartupErrors;
import cn.gongkai.hub.support.Flow;
import cn.gongkai.hub.support.Seeds;
import cn.gongkai.hub.support.TestHub;
import cn.gongkai.hub.support.TestHub.Response;
import cn.gongkai.hub.support.TestRedis;
import cn.gongkai.hub.support.TestRedisCluster;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The hub on a real Redis Cluster of three masters (TestRedisCluster), through HTTP: found from one seed or from all
 * three, every key of an item in one slot, scripts sent again after every node forgot them; and the start-up lines
 * for seeds that are no cluster or do not answer.
 */
@ExtendWith(TestRedisCluster.PerClass.class)
class ClusterIT {
    static TestRedisCluster cluster;
    /** given one seed only: the node that holds slots 5461-10922 */
    static TestHub hub;
    static Flow flow;
    static String prefix;

    @BeforeAll
    static void start(TestRedisCluster c) {
        cluster = c;
        Map<String, Object> p = TestHub.defaults(c);
        p.put("hub.redis.uri", c.seed(1));
        // a lock that outlasts the test, so the sign-in check does not race the clock
        p.put("hub.security.sign-in.first-lock", "10m");
        p.put("hub.security.sign-in.max-lock", "10m");
        hub = TestHub.start(p);
        flow = new Flow(hub).users();
        prefix = hub.bean(RedisKeys.class).prefix();
    }

    @AfterAll
    static void stop() {
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void should_serve_the_item_api_end_to_end_on_a_cluster_found_from_one_seed() {
        Response health = hub.get("/health", null, null);
        assertThat(health.status()).as(health.body()).isEqualTo(200);
        assertThat(health.json().at("/redis/cluster").asBoolean()).isTrue();

        JsonNode item = flow.create(Seeds.itemJson(0, "[\"website\",\"wechat\"]"));
        String id = item.get("id").asText();
        byte[] guide = Seeds.text(1).getBytes(StandardCharsets.UTF_8);
        Response up = hub.upload("/api/items/" + id + "/attachments", "办事指南.txt", "text/plain", guide, "editor", TestHub.password("editor"));
        assertThat(up.status()).as(up.body()).isEqualTo(201);
        String hash = up.json().get("contentHash").asText();

        assertThat(flow.submit(id).at("/item/state").asText()).isEqualTo("IN_REVIEW");
        assertThat(flow.review("reviewer", id, "first", "approve", hash).status()).isEqualTo(200);
        Response fin = flow.review("approver", id, "final", "approve", hash);
        assertThat(fin.status()).as(fin.body()).isEqualTo(200);
        assertThat(fin.json().get("state").asText()).isEqualTo("APPROVED");

        JsonNode record = hub.as("approver", "GET", "/api/items/" + id + "/review-record", null).json();
        assertThat(record.toString()).contains("\"submitted\"", "\"first\"", "\"final\"");
        JsonNode office = hub.as("approver", "GET", "/api/review-records", null).json();
        assertThat(office.findValuesAsText("itemId")).contains(id);

        assertThat(hub.get("/api/users", "admin", TestHub.ADMIN_PASSWORD).body()).contains("editor", "reviewer", "approver");
        Response word = hub.post("/api/review/sensitive-words", "{\"word\":\"内部传阅\",\"severity\":\"block\"}", "admin", TestHub.ADMIN_PASSWORD);
        assertThat(word.status()).as(word.body()).isEqualTo(201);
        String blocked = flow.create(Seeds.itemJson(2, "[\"website\"]").replace("政府信息公开工作年度报告", "内部传阅")).get("id").asText();
        assertThat(hub.as("editor", "POST", "/api/items/" + blocked + "/submit", "").status()).isEqualTo(422);
        assertThat(hub.send("DELETE", "/api/review/sensitive-words/" + java.net.URLEncoder.encode("内部传阅", StandardCharsets.UTF_8),
                "admin", TestHub.ADMIN_PASSWORD).status()).isEqualTo(204);
    }

    @Test
    void should_keep_every_key_of_one_item_in_one_slot() {
        JsonNode approved = flow.approved(Seeds.itemJson(3, "[\"website\"]"));
        String id = approved.get("id").asText();
        List<String> keys = cluster.keys(prefix + "{item:" + id + "}");
        assertThat(keys).as("meta, version, scan, round, approval, review record")
                .contains(prefix + "{item:" + id + "}:meta", prefix + "{item:" + id + "}:v:1", prefix + "{item:" + id + "}:approval:1");
        Set<Integer> slots = keys.stream().map(TestRedisCluster::slot).collect(Collectors.toSet());
        assertThat(slots).hasSize(1);
        int slot = slots.iterator().next();
        assertThat(cluster.countKeysInSlot(slot)).isGreaterThanOrEqualTo(keys.size());
    }

    @Test
    void should_spread_the_hubs_keys_over_all_three_masters() {
        for (int i = 0; i < 6; i++) {
            flow.create(Seeds.itemJson(i % Seeds.FILES.size(), "[\"website\"]"));
        }
        Set<Integer> nodes = cluster.keys(prefix).stream().map(k -> cluster.nodeOf(TestRedisCluster.slot(k))).collect(Collectors.toSet());
        assertThat(nodes).containsExactlyInAnyOrder(0, 1, 2);
    }

    @Test
    void should_lock_out_a_guessing_address_on_a_cluster_and_not_the_user_elsewhere() {
        hub.user("clerk", "EDITOR");
        for (int i = 0; i < 6; i++) {
            assertThat(hub.getFrom("127.0.0.2", "/api/me", "clerk", "guess-" + i, Map.of())).isEqualTo(401);
        }
        assertThat(hub.getFrom("127.0.0.2", "/api/me", "clerk", TestHub.password("clerk"), Map.of())).isEqualTo(401);
        assertThat(hub.getFrom("127.0.0.1", "/api/me", "clerk", TestHub.password("clerk"), Map.of())).isEqualTo(200);
        assertThat(cluster.keys(prefix + "sign-in:user:clerk:")).isNotEmpty();
    }

    @Test
    void should_review_after_every_node_forgot_the_scripts() throws Exception {
        JsonNode item = flow.create(Seeds.itemJson(4, "[\"website\"]"));
        String id = item.get("id").asText();
        String hash = item.get("contentHash").asText();
        flow.submit(id);
        String reviewSha = sha1("lua/review/review.lua");
        cluster.scriptFlush();
        int node = cluster.nodeOf(TestRedisCluster.slot(prefix + "{item:" + id + "}:meta"));
        assertThat(cluster.node(node).scriptExists(reviewSha)).containsExactly(false);

        assertThat(flow.review("reviewer", id, "first", "approve", hash).status()).isEqualTo(200);
        Response fin = flow.review("approver", id, "final", "approve", hash);
        assertThat(fin.status()).as(fin.body()).isEqualTo(200);
        assertThat(fin.json().get("state").asText()).isEqualTo("APPROVED");
        assertThat(cluster.node(node).scriptExists(reviewSha)).as("sent in full once, known by its SHA again").containsExactly(true);
    }

    @Test
    void should_serve_a_hub_given_all_three_seeds_on_the_same_data() {
        Map<String, Object> p = TestHub.defaults(cluster);
        p.put("hub.redis.key-prefix", prefix.substring(0, prefix.length() - 1));
        try (TestHub second = TestHub.start(p)) {
            JsonNode approved = new Flow(second).approved(Seeds.itemJson(1, "[\"website\"]"));
            String id = approved.get("id").asText();
            assertThat(hub.as("editor", "GET", "/api/items/" + id, null).json().get("state").asText())
                    .as("the one-seed hub reads what the three-seed hub wrote").isEqualTo("APPROVED");
        }
    }

    @Test
    void should_refuse_to_start_with_two_seeds_when_the_server_is_no_cluster() {
        try (TestRedis single = TestRedis.start()) {
            int other = cluster.ports().get(0);
            Map<String, Object> p = TestHub.defaults(single);
            p.put("hub.redis.uri", single.uri() + ",127.0.0.1:" + other);
            String password = single.uri().substring("redis://:".length(), single.uri().indexOf('@'));
            assertThatThrownBy(() -> TestHub.start(p)).satisfies(e -> assertThat(StartupErrors.describe(e))
                    .isEqualTo("HUB_REDIS_URI names 2 servers, but 127.0.0.1:" + single.server().port()
                            + " is not a Redis Cluster (cluster_enabled:0): give a single server as one URI")
                    .doesNotContain(password));
        }
    }

    @Test
    void should_name_every_seed_tried_when_none_answers() throws IOException {
        int a = EmbeddedRedisServer.freePort();
        int b = EmbeddedRedisServer.freePort();
        Map<String, Object> p = TestHub.defaults(cluster);
        p.put("hub.redis.uri", "redis://:not-shown-anywhere@127.0.0.1:" + a + ",127.0.0.1:" + b);
        assertThatThrownBy(() -> TestHub.start(p)).satisfies(e -> assertThat(StartupErrors.describe(e))
                .startsWith("no Redis in HUB_REDIS_URI answered: tried 127.0.0.1:" + a + " (")
                .contains("127.0.0.1:" + b + " (")
                .doesNotContain("not-shown-anywhere")
                .doesNotContain("\n"));
    }

    private static String sha1(String resource) throws Exception {
        try (InputStream in = ClusterIT.class.getResourceAsStream("/" + resource)) {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(in.readAllBytes()));
        }
    }
}
