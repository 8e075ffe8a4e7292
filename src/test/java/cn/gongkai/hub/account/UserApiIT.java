package cn.gongkai.hub.account;

import cn.gongkai.hub.redis.RedisKeys;
import cn.gongkai.hub.support.LogCapture;
import cn.gongkai.hub.support.TestHub;
import cn.gongkai.hub.support.TestRedis;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code POST /api/users} and users read back, against a real Redis. */
class UserApiIT {
    static final String ADMIN = TestHub.ADMIN_PASSWORD;
    static TestRedis redis;
    static TestHub hub;

    @BeforeAll
    static void start() {
        redis = TestRedis.start();
        hub = TestHub.start(redis);
    }

    @AfterAll
    static void stop() {
        hub.close();
        redis.close();
    }

    static String userJson(String name, String password) {
        return "{\"username\":\"" + name + "\",\"displayName\":\"张三\",\"roles\":[\"EDITOR\"],\"password\":\"" + password + "\"}";
    }

    @Test
    void should_refuse_a_password_of_75_bytes_with_400_and_leave_the_name_free() {
        String chinese25 = "政务公开信息发布审查制度实施细则第一章总则主要内容";
        TestHub.Response refused = hub.post("/api/users", userJson("zhangsan", chinese25), "admin", ADMIN);
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        JsonNode error = refused.json().get("errors").get(0);
        assertThat(error.get("field").asText()).isEqualTo("password");
        assertThat(error.get("problem").asText()).isEqualTo("must be at most 72 bytes in UTF-8 (25 Chinese characters take 75)");

        TestHub.Response created = hub.post("/api/users", userJson("zhangsan", "政务公开审查制度实施细则"), "admin", ADMIN);
        assertThat(created.status()).as("the refused name is still free: " + created.body()).isEqualTo(201);
        assertThat(hub.get("/api/users", "admin", ADMIN).body()).contains("\"zhangsan\"");
        assertThat(hub.get("/api/me", "zhangsan", "政务公开审查制度实施细则").status()).isEqualTo(200);
    }

    @Test
    void should_refuse_a_password_under_ten_characters_and_a_taken_name_without_changing_the_user() {
        assertThat(hub.post("/api/users", userJson("lisi", "short-pw"), "admin", ADMIN).status()).isEqualTo(400);
        assertThat(hub.post("/api/users", userJson("lisi", "lisi-password-1"), "admin", ADMIN).status()).isEqualTo(201);
        TestHub.Response again = hub.post("/api/users", userJson("lisi", "another-password-2"), "admin", ADMIN);
        assertThat(again.status()).isEqualTo(409);
        assertThat(hub.get("/api/me", "lisi", "lisi-password-1").status()).as("the first password still holds").isEqualTo(200);
        assertThat(hub.get("/api/me", "lisi", "another-password-2").status()).isEqualTo(401);
    }

    @Test
    void should_ignore_a_stored_role_the_hub_does_not_know_with_one_warning() {
        hub.user("wangwu", "EDITOR");
        RedisKeys keys = hub.bean(RedisKeys.class);
        redis.sync().hset(keys.user("wangwu"), "roles", "EDITOR,AUDITOR");
        try (LogCapture log = LogCapture.of(UserService.class)) {
            TestHub.Response list = hub.get("/api/users", "admin", ADMIN);
            assertThat(list.status()).as(list.body()).isEqualTo(200);
            TestHub.Response me = hub.as("wangwu", "GET", "/api/me", null);
            assertThat(me.status()).as(me.body()).isEqualTo(200);
            assertThat(me.json().get("roles").toString()).isEqualTo("[\"EDITOR\"]");
            assertThat(hub.as("wangwu", "POST", "/api/items", "{}").status()).as("still an editor").isEqualTo(400);
            assertThat(log.lines().stream().filter(l -> l.contains("AUDITOR"))).hasSize(1);
        }
    }

    @Test
    void should_keep_users_stored_in_the_layout_before_the_users_hash_tag() {
        Map<String, Object> props = TestHub.defaults(redis);
        String prefix = (String) props.get("hub.redis.key-prefix");
        // as the hub wrote them before: <prefix>:users and <prefix>:user:<name>, bcrypt of "legacy-password-1"
        redis.sync().sadd(prefix + ":users", "admin", "laozhang");
        redis.sync().hset(prefix + ":user:admin", Map.of("displayName", "管理员", "roles", "ADMIN", "createdAt", "2026-11-01T00:00:00Z",
                "passwordHash", PasswordHasher.hash("legacy-admin-password")));
        redis.sync().hset(prefix + ":user:laozhang", Map.of("displayName", "老张", "roles", "REVIEWER", "createdAt", "2026-11-01T00:00:00Z",
                "passwordHash", PasswordHasher.hash("legacy-password-1")));
        try (TestHub upgraded = TestHub.start(props)) {
            assertThat(upgraded.get("/api/me", "laozhang", "legacy-password-1").status()).isEqualTo(200);
            TestHub.Response users = upgraded.get("/api/users", "admin", "legacy-admin-password");
            assertThat(users.status()).as("admin keeps its password; no new admin is made").isEqualTo(200);
            assertThat(users.body()).contains("laozhang");
            assertThat(redis.sync().exists(prefix + ":users", prefix + ":user:laozhang")).isZero();
        }
    }
}
