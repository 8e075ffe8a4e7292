package cn.gongkai.hub.audit;

import cn.gongkai.hub.delivery.DeliveryStore;
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

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The audit log: every ADMIN and APPROVER action done through the API, once, and nothing for a refused one. */
class AuditIT {
    static final String ADMIN = TestHub.ADMIN_PASSWORD;
    static TestRedis redis;

    @BeforeAll
    static void start() {
        redis = TestRedis.start();
    }

    @AfterAll
    static void stop() {
        redis.close();
    }

    static List<JsonNode> all(TestHub hub, String query) {
        Response r = hub.get("/api/audit?limit=500" + query, "admin", ADMIN);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("nextCursor").isNull()).isTrue();
        List<JsonNode> out = new ArrayList<>();
        r.json().get("items").forEach(out::add);
        return out;
    }

    static List<JsonNode> of(List<JsonNode> entries, String action) {
        return entries.stream().filter(e -> action.equals(e.get("action").asText())).toList();
    }

    /** Exactly one entry of {@code action}, by {@code actor} acting as {@code role}, on {@code target}; returns it. */
    static JsonNode once(List<JsonNode> entries, String action, String actor, String role, String target) {
        List<JsonNode> found = of(entries, action);
        assertThat(found).as(action + " in " + entries).hasSize(1);
        JsonNode e = found.get(0);
        assertThat(e.get("actor").asText()).as(action).isEqualTo(actor);
        assertThat(e.get("role").asText()).as(action).isEqualTo(role);
        assertThat(e.get("target").asText()).as(action).isEqualTo(target);
        assertThat(Instant.parse(e.get("at").asText())).as(action).isCloseTo(Instant.now(), org.assertj.core.api.Assertions.within(5, ChronoUnit.MINUTES));
        return e;
    }

    @Test
    void should_record_every_admin_and_approver_action_once_with_actor_role_and_target_and_no_refused_one(@TempDir Path dir) throws Exception {
        Path config = ChannelConfigs.copy(dir);
        ChannelConfigs.set(config, "qq", "initial-backoff: 50ms\nmax-backoff: 200ms\nmax-attempts: 2");
        Map<String, Object> props = TestHub.defaults(redis);
        props.put("hub.test.qq-failures", -1);
        props.put("hub.channel-config-dir", config.toString());
        try (TestHub hub = TestHub.start(props)) {
            Flow flow = new Flow(hub).users();
            hub.user("clerk", "EDITOR");
            RedisKeys keys = hub.bean(RedisKeys.class);

            // users: roles and display name changed; refused: a bad password, a taken name, the last ADMIN's role
            assertThat(hub.put("/api/users/clerk", "{\"roles\":[\"EDITOR\",\"APPROVER\"]}", "admin", ADMIN).status()).isEqualTo(200);
            assertThat(hub.put("/api/users/clerk", "{\"displayName\":\"办公室 李文书\"}", "admin", ADMIN).status()).isEqualTo(200);
            assertThat(hub.post("/api/users", "{\"username\":\"short\",\"displayName\":\"x\",\"roles\":[\"EDITOR\"],\"password\":\"short\"}",
                    "admin", ADMIN).status()).isEqualTo(400);
            assertThat(hub.post("/api/users", "{\"username\":\"clerk\",\"displayName\":\"x\",\"roles\":[\"EDITOR\"],\"password\":\"long-enough-password\"}",
                    "admin", ADMIN).status()).isEqualTo(409);
            assertThat(hub.put("/api/users/admin", "{\"roles\":[\"EDITOR\"]}", "admin", ADMIN).status()).isEqualTo(409);

            // registers
            Response doc = hub.post("/api/review/restricted-documents", "{\"docNumber\":\"嘉文广发〔2017〕12号\",\"reason\":\"内部文件\"}", "admin", ADMIN);
            assertThat(doc.status()).as(doc.body()).isEqualTo(201);
            String docId = doc.json().get("id").asText();
            assertThat(hub.send("DELETE", "/api/review/restricted-documents/" + docId, "admin", ADMIN).status()).isEqualTo(204);
            assertThat(hub.send("DELETE", "/api/review/restricted-documents/" + docId, "admin", ADMIN).status()).isEqualTo(404);
            assertThat(hub.post("/api/review/sensitive-words", "{\"word\":\"内部资料\",\"severity\":\"block\"}", "admin", ADMIN).status()).isEqualTo(201);
            String word = URLEncoder.encode("内部资料", StandardCharsets.UTF_8);
            assertThat(hub.send("DELETE", "/api/review/sensitive-words/" + word, "admin", ADMIN).status()).isEqualTo(204);

            // reviews: one final approval, one rejection at the final stage; the first reviews are the REVIEWER's
            JsonNode published = flow.approved(Seeds.itemJson(4, "[\"website\",\"qq\"]"));
            String id = published.get("id").asText();
            JsonNode rejected = flow.create(Seeds.itemJson(0, "[\"website\"]"));
            String rid = rejected.get("id").asText();
            flow.submit(rid);
            assertThat(flow.review("reviewer", rid, "first", "approve", rejected.get("contentHash").asText()).status()).isEqualTo(200);
            assertThat(flow.review("approver", rid, "final", "reject", rejected.get("contentHash").asText()).status()).isEqualTo(200);
            assertThat(flow.review("approver", rid, "final", "approve", rejected.get("contentHash").asText()).status())
                    .as("refused: the item went back to DRAFT").isEqualTo(409);

            // publication: refused for the rejected item, accepted for the approved one; one scheduled
            assertThat(hub.as("approver", "POST", "/api/items/" + rid + "/publish", "{}").status()).isEqualTo(409);
            assertThat(hub.as("approver", "POST", "/api/items/" + id + "/publish", "{}").status()).isEqualTo(202);
            flow.awaitState(id, "PARTIALLY_PUBLISHED");
            String scheduled = flow.approved(Seeds.itemJson(2, "[\"website\"]")).get("id").asText();
            String at = Instant.now().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
            assertThat(hub.as("editor", "POST", "/api/items/" + scheduled + "/publish", "{\"publishAt\":\"" + at + "\"}").status()).isEqualTo(202);

            // operator actions: retry the DEAD qq delivery, resend a website delivery left IN_DOUBT; a retry of a SENT one is refused
            String qq = DeliveryStore.deliveryId("qq", id, 1, "publish", "test-group");
            String site = DeliveryStore.deliveryId("website", id, 1, "publish", "site");
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    "DEAD".equals(hub.as("editor", "GET", "/api/deliveries/" + qq, null).json().get("state").asText()));
            assertThat(hub.post("/api/deliveries/" + site + "/retry", "", "admin", ADMIN).status()).isEqualTo(409);
            assertThat(hub.post("/api/deliveries/" + qq + "/retry", "", "admin", ADMIN).status()).isEqualTo(202);
            // as the claim script leaves a delivery whose sending was cut short by a crash (lua/delivery/claim.lua)
            String member = String.format("%013d", System.currentTimeMillis()) + "|" + site;
            int bucket = hub.bean(cn.gongkai.hub.delivery.Buckets.class).of(site);
            redis.sync().hset(keys.delivery("website", bucket, site), Map.of("state", "IN_DOUBT", "stateMember", member));
            redis.sync().zadd(keys.byState("website", bucket, "IN_DOUBT"), 0, member);
            assertThat(hub.post("/api/deliveries/" + site + "/resend", "", "admin", ADMIN).status()).isEqualTo(202);
            assertThat(hub.post("/api/deliveries/" + site + "/resend", "", "admin", ADMIN).status()).as("no longer IN_DOUBT").isEqualTo(409);
            assertThat(hub.post("/api/deliveries/no-such-delivery/resend", "", "admin", ADMIN).status()).isEqualTo(404);

            // withdrawal: accepted once, refused for an item never approved
            assertThat(hub.as("approver", "POST", "/api/items/" + id + "/withdraw", "{\"reason\":\"附件有误\"}").status()).isEqualTo(202);
            assertThat(hub.as("approver", "POST", "/api/items/" + rid + "/withdraw", "{\"reason\":\"附件有误\"}").status()).isEqualTo(409);
            assertThat(hub.as("approver", "POST", "/api/items/" + id + "/withdraw", "{}").status()).isEqualTo(400);

            List<JsonNode> log = all(hub, "");
            assertThat(of(log, "USER_CREATED")).extracting(e -> e.get("target").asText())
                    .containsExactly("user:admin", "user:editor", "user:reviewer", "user:approver", "user:clerk");
            assertThat(of(log, "USER_CREATED").get(1).get("actor").asText()).isEqualTo("admin");
            assertThat(of(log, "USER_CREATED").get(1).get("role").asText()).isEqualTo("ADMIN");
            assertThat(once(log, "ROLES_CHANGED", "admin", "ADMIN", "user:clerk").get("detail").asText()).contains("EDITOR").contains("APPROVER");
            assertThat(once(log, "DISPLAY_NAME_CHANGED", "admin", "ADMIN", "user:clerk").get("detail").asText()).contains("办公室 李文书");
            assertThat(once(log, "REGISTER_ADDED", "admin", "ADMIN", "restricted-document:" + docId).get("detail").asText()).contains("嘉文广发〔2017〕12号");
            once(log, "REGISTER_REMOVED", "admin", "ADMIN", "restricted-document:" + docId);
            assertThat(once(log, "SENSITIVE_WORD_ADDED", "admin", "ADMIN", "sensitive-word:内部资料").get("detail").asText()).contains("BLOCK");
            once(log, "SENSITIVE_WORD_REMOVED", "admin", "ADMIN", "sensitive-word:内部资料");
            assertThat(of(log, "FINAL_APPROVAL")).extracting(e -> e.get("target").asText()).containsExactly("item:" + id, "item:" + scheduled);
            assertThat(of(log, "FINAL_APPROVAL").get(0).get("actor").asText()).isEqualTo("approver");
            assertThat(of(log, "FINAL_APPROVAL").get(0).get("role").asText()).isEqualTo("APPROVER");
            assertThat(of(log, "FINAL_APPROVAL").get(0).get("detail").asText()).contains(published.get("contentHash").asText().substring(0, 12));
            once(log, "REJECTION", "approver", "APPROVER", "item:" + rid);
            assertThat(once(log, "PUBLISH", "approver", "APPROVER", "item:" + id).get("detail").asText()).contains("website").contains("qq");
            assertThat(once(log, "SCHEDULE", "editor", "EDITOR", "item:" + scheduled).get("detail").asText()).contains(at);
            assertThat(once(log, "RETRY", "admin", "ADMIN", "delivery:" + qq).get("detail").asText()).contains("DEAD");
            assertThat(once(log, "RESEND", "admin", "ADMIN", "delivery:" + site).get("detail").asText()).contains("IN_DOUBT");
            assertThat(once(log, "WITHDRAW", "approver", "APPROVER", "item:" + id).get("detail").asText()).contains("附件有误");
            assertThat(log).as("first reviews and submissions are not ADMIN or APPROVER actions")
                    .noneMatch(e -> e.get("role").asText().equals("REVIEWER"));
            assertThat(log).hasSize(5 + 2 + 4 + 3 + 2 + 2 + 1);
        }
    }

    @Test
    void should_page_filter_and_export_the_log_for_admin_only() {
        try (TestHub hub = TestHub.start(redis)) {
            for (int i = 0; i < 7; i++) {
                hub.user("user" + i, i % 2 == 0 ? "EDITOR" : "APPROVER");
            }
            hub.user("auditor", "APPROVER", "REVIEWER", "EDITOR");
            List<JsonNode> everything = all(hub, "");
            assertThat(everything).hasSize(9);

            Set<String> seen = new HashSet<>();
            List<String> order = new ArrayList<>();
            String cursor = null;
            int pages = 0;
            do {
                Response r = hub.get("/api/audit?limit=2" + (cursor == null ? "" : "&cursor=" + cursor), "admin", ADMIN);
                assertThat(r.status()).as(r.body()).isEqualTo(200);
                JsonNode page = r.json();
                assertThat(page.get("items").size()).isLessThanOrEqualTo(2);
                page.get("items").forEach(e -> {
                    assertThat(seen.add(e.get("id").asText())).as("listed once").isTrue();
                    order.add(e.get("target").asText());
                });
                cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
                pages++;
            } while (cursor != null && pages < 20);
            assertThat(order).as("oldest first, every entry once").isEqualTo(everything.stream().map(e -> e.get("target").asText()).toList());
            assertThat(pages).isEqualTo(5);

            assertThat(all(hub, "&action=user_created")).hasSize(9);
            assertThat(all(hub, "&action=WITHDRAW")).isEmpty();
            assertThat(all(hub, "&actor=admin")).hasSize(8);
            assertThat(all(hub, "&actor=(start-up)")).extracting(e -> e.get("target").asText()).containsExactly("user:admin");
            String tomorrow = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).plusDays(1).toString();
            assertThat(all(hub, "&from=" + tomorrow)).isEmpty();
            assertThat(all(hub, "&to=" + tomorrow)).hasSize(9);
            assertThat(all(hub, "&from=2026-01-01T00:00:00%2B08:00&to=" + tomorrow)).hasSize(9);

            for (String bad : List.of("limit=0", "limit=501", "limit=many", "action=DELETE_EVERYTHING", "cursor=not-a-cursor",
                    "from=yesterday", "to=1999-12-31", "actor=" + "x".repeat(200))) {
                Response r = hub.get("/api/audit?" + bad, "admin", ADMIN);
                assertThat(r.status()).as(bad + ": " + r.body()).isEqualTo(400);
                assertThat(r.json().at("/errors/0/field").asText()).isEqualTo(bad.substring(0, bad.indexOf('=')));
            }

            Response csv = hub.get("/api/audit.csv?action=USER_CREATED", "admin", ADMIN);
            assertThat(csv.status()).as(csv.body()).isEqualTo(200);
            assertThat(csv.header("Content-Type")).startsWith("text/csv");
            String text = csv.body();
            assertThat(text).startsWith("\uFEFF");
            assertThat(text.split("\r\n")).hasSize(1 + 9);
            assertThat(text).contains("\"user:auditor\"").contains("\"USER_CREATED\"");

            for (String path : List.of("/api/audit", "/api/audit.csv")) {
                assertThat(hub.as("auditor", "GET", path, null).status()).as(path + " for a non-ADMIN").isEqualTo(403);
                assertThat(hub.get(path, null, null).status()).as(path + " without sign-in").isEqualTo(401);
            }
            assertThat(all(hub, "")).as("reading the log records nothing").hasSize(9);
        }
    }
}
