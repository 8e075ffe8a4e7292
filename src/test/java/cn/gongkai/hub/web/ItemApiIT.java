package cn.gongkai.hub.web;

import cn.gongkai.hub.support.Seeds;
import cn.gongkai.hub.support.TestHub;
import cn.gongkai.hub.support.TestHub.Response;
import cn.gongkai.hub.support.TestRedis;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ItemApiIT {
    static TestRedis redis;
    static TestHub hub;

    @BeforeAll
    static void start() {
        redis = TestRedis.start();
        hub = TestHub.start(redis);
        hub.user("editor", "EDITOR");
        hub.user("reader", "REVIEWER");
    }

    @AfterAll
    static void stop() {
        hub.close();
        redis.close();
    }

    @Test
    void should_answer_health_with_redis_and_camel_up() {
        Response r = hub.get("/health", null, null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().at("/redis/status").asText()).isEqualTo("UP");
        assertThat(r.json().at("/camel/status").asText()).isEqualTo("UP");
        assertThat(r.json().at("/camel/routes").asInt()).isPositive();
    }

    @Test
    void should_answer_401_without_credentials_and_403_for_the_wrong_role() {
        Response anonymous = hub.get("/api/items", null, null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.json().get("message").asText()).contains("HTTP Basic");
        assertThat(anonymous.headers().get("www-authenticate")).isNotNull();
        Response forbidden = hub.as("editor", "GET", "/api/users", null);
        assertThat(forbidden.json().get("status").asInt()).isEqualTo(403);
        assertThat(forbidden.json().get("message").asText()).contains("roles");
        assertThat(hub.as("editor", "GET", "/api/nowhere", null).json().get("message").asText()).contains("/api/nowhere");
        assertThat(hub.get("/api/items", "editor", "not-the-password").status()).isEqualTo(401);
        assertThat(hub.as("reader", "POST", "/api/items", Seeds.itemJson(0, "[\"website\"]")).status()).isEqualTo(403);
        assertThat(hub.as("editor", "GET", "/api/users", null).status()).isEqualTo(403);
    }

    @Test
    void should_list_users_without_password_hashes() {
        Response r = hub.get("/api/users", "admin", TestHub.ADMIN_PASSWORD);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("editor").doesNotContain("passwordHash").doesNotContain("$2a$");
    }

    @Test
    void should_refuse_a_duplicate_user_and_bad_roles_with_field_errors() {
        Response dup = hub.post("/api/users", "{\"username\":\"editor\",\"displayName\":\"x\",\"roles\":[\"EDITOR\"],\"password\":\"long-enough-pw\"}", "admin", TestHub.ADMIN_PASSWORD);
        assertThat(dup.status()).isEqualTo(409);
        Response bad = hub.post("/api/users", "{\"username\":\"x y\",\"roles\":[\"KING\"],\"password\":\"short\"}", "admin", TestHub.ADMIN_PASSWORD);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(fields(bad)).contains("username", "displayName", "roles", "password");
    }

    @Test
    void should_slow_down_repeated_failed_sign_ins() {
        hub.user("victim", "EDITOR");
        for (int i = 0; i < 6; i++) {
            assertThat(hub.get("/api/me", "victim", "wrong-" + i).status()).isEqualTo(401);
        }
        // locked now: even the right password is refused until the lock runs out
        assertThat(hub.as("victim", "GET", "/api/me", null).status()).isEqualTo(401);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> hub.as("victim", "GET", "/api/me", null).status() == 200);
    }

    @Test
    void should_create_read_and_version_an_item_with_chinese_content() {
        Response created = hub.as("editor", "POST", "/api/items", Seeds.itemJson(4, "[\"website\",\"wechat\"]"));
        assertThat(created.status()).isEqualTo(201);
        JsonNode item = created.json();
        String id = item.get("id").asText();
        assertThat(item.get("version").asInt()).isEqualTo(1);
        assertThat(item.get("state").asText()).isEqualTo("DRAFT");
        assertThat(item.get("contentHash").asText()).hasSize(64);
        assertThat(item.get("title").asText()).isEqualTo(Seeds.title(4));
        assertThat(item.get("categoryName").asText()).isEqualTo("业务工作");
        assertThat(item.get("disclosure").asText()).isEqualTo("主动公开");

        String v2 = Seeds.itemJson(4, "[\"website\"]").replace("政府信息公开工作年度报告", "实施方案（修订）");
        Response updated = hub.as("editor", "PUT", "/api/items/" + id, v2);
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().get("version").asInt()).isEqualTo(2);
        assertThat(updated.json().get("contentHash").asText()).isNotEqualTo(item.get("contentHash").asText());

        Response old = hub.as("reader", "GET", "/api/items/" + id + "/versions/1", null);
        assertThat(old.status()).isEqualTo(200);
        assertThat(old.json().at("/content/summary").asText()).isEqualTo("政府信息公开工作年度报告");
        assertThat(old.json().get("contentHash").asText()).isEqualTo(item.get("contentHash").asText());
        assertThat(hub.as("reader", "GET", "/api/items/" + id, null).json().at("/summary").asText()).isEqualTo("实施方案（修订）");
        assertThat(hub.as("reader", "GET", "/api/items/" + id + "/versions/3", null).status()).isEqualTo(404);
    }

    @Test
    void should_accept_a_chinese_attachment_as_a_new_version_and_serve_it_back() {
        String id = hub.as("editor", "POST", "/api/items", Seeds.itemJson(1, "[\"website\"]")).json().get("id").asText();
        byte[] bytes = Seeds.text(1).getBytes(StandardCharsets.UTF_8);
        Response up = hub.upload("/api/items/" + id + "/attachments", "2017年度政府信息公开工作报告.txt", "text/plain", bytes,
                "editor", TestHub.password("editor"));
        assertThat(up.status()).as(up.body()).isEqualTo(201);
        assertThat(up.json().get("version").asInt()).isEqualTo(2);
        JsonNode att = up.json().get("attachments").get(0);
        assertThat(att.get("name").asText()).isEqualTo("2017年度政府信息公开工作报告.txt");
        assertThat(att.get("size").asLong()).isEqualTo(bytes.length);
        Response down = hub.as("reader", "GET", "/api/items/" + id + "/attachments/"
                + java.net.URLEncoder.encode("2017年度政府信息公开工作报告.txt", StandardCharsets.UTF_8).replace("+", "%20"), null);
        assertThat(down.status()).isEqualTo(200);
        assertThat(down.bytes()).isEqualTo(bytes);
    }

    @Test
    void should_refuse_an_attachment_over_the_size_limit() {
        String id = hub.as("editor", "POST", "/api/items", Seeds.itemJson(1, "[\"website\"]")).json().get("id").asText();
        // the test hub keeps the default 20 MB limit; 21 MB is over it
        Response up = hub.upload("/api/items/" + id + "/attachments", "大文件.bin", "application/octet-stream", new byte[21 * 1024 * 1024],
                "editor", TestHub.password("editor"));
        assertThat(up.status()).isEqualTo(413);
        assertThat(hub.as("reader", "GET", "/api/items/" + id, null).json().get("version").asInt()).isEqualTo(1);
    }

    @Test
    void should_answer_400_naming_each_bad_field_and_write_nothing() {
        long before = hub.as("reader", "GET", "/api/items?size=1", null).json().get("total").asLong();
        Response missing = hub.as("editor", "POST", "/api/items", "{\"body\":\"正文\",\"channels\":[\"website\"]}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(fields(missing)).contains("title", "category");

        Response unknown = hub.as("editor", "POST", "/api/items",
                "{\"title\":\"标题\",\"body\":\"正文\",\"category\":\"不存在的栏目\",\"channels\":[\"website\",\"fax\"],\"urgency\":\"asap\",\"disclosure\":\"保密\"}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(fields(unknown)).contains("category", "channels", "urgency", "disclosure");
        assertThat(unknown.body()).contains("fax").contains("不存在的栏目");

        String longBody = "长".repeat(100_001);
        Response tooLong = hub.as("editor", "POST", "/api/items", "{\"title\":\"标题\",\"body\":\"" + longBody + "\",\"category\":\"ywgz\",\"channels\":[\"website\"]}");
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(fields(tooLong)).containsExactly("body");

        Response malformed = hub.as("editor", "POST", "/api/items", "{\"title\": \"标题\",");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().get("errors").get(0).get("problem").asText()).contains("not valid JSON");
        assertThat(malformed.body()).doesNotContain("at com.").doesNotContain("Exception");

        Response wrongType = hub.as("editor", "POST", "/api/items", "{\"title\":[1],\"body\":\"正文\",\"category\":\"ywgz\",\"channels\":\"website\",\"colour\":\"red\"}");
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(fields(wrongType)).contains("title", "channels", "colour");

        assertThat(hub.as("reader", "GET", "/api/items?size=1", null).json().get("total").asLong()).isEqualTo(before);
        assertThat(hub.as("reader", "GET", "/api/items/999999", null).status()).isEqualTo(404);
        assertThat(hub.as("editor", "PUT", "/api/items/999999", Seeds.itemJson(0, "[\"website\"]")).status()).isEqualTo(404);
        assertThat(hub.as("reader", "GET", "/api/items?state=LOST", null).status()).isEqualTo(400);
    }

    @Test
    void should_accept_a_category_by_name_and_filter_the_list_by_category_and_state() {
        String json = Seeds.itemJson(2, "[\"website\"]").replace("\"ywgz\"", "\"财政信息\"");
        Response r = hub.as("editor", "POST", "/api/items", json);
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json().get("category").asText()).isEqualTo("czxx");
        JsonNode page = hub.as("reader", "GET", "/api/items?category=czxx&state=DRAFT", null).json();
        assertThat(page.get("items")).isNotEmpty();
        page.get("items").forEach(i -> assertThat(i.get("category").asText()).isEqualTo("czxx"));
        JsonNode cat = hub.as("reader", "GET", "/api/catalogue", null).json();
        assertThat(cat.toString()).contains("政策法规").contains("zcfg");
    }

    static List<String> fields(Response r) {
        List<String> out = new ArrayList<>();
        r.json().get("errors").forEach(e -> out.add(e.get("field").asText()));
        return out;
    }
}
