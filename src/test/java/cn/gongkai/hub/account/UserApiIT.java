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

    @Test
    void should_change_roles_and_display_name_with_put_and_apply_them_at_the_next_request() {
        hub.user("zhaoliu", "EDITOR");
        TestHub.Response roles = hub.put("/api/users/zhaoliu", "{\"roles\":[\"reviewer\", \"APPROVER\"]}", "admin", ADMIN);
        assertThat(roles.status()).as(roles.body()).isEqualTo(200);
        assertThat(roles.json().get("roles").toString()).isEqualTo("[\"REVIEWER\",\"APPROVER\"]");
        assertThat(roles.json().get("displayName").asText()).isEqualTo("zhaoliu");
        assertThat(hub.as("zhaoliu", "GET", "/api/me", null).json().get("roles").toString()).contains("REVIEWER").doesNotContain("EDITOR");
        assertThat(hub.as("zhaoliu", "POST", "/api/items", "{}").status()).as("no longer an editor").isEqualTo(403);

        TestHub.Response name = hub.put("/api/users/zhaoliu", "{\"displayName\":\"赵六（法规科）\"}", "admin", ADMIN);
        assertThat(name.status()).as(name.body()).isEqualTo(200);
        assertThat(name.json().get("displayName").asText()).isEqualTo("赵六（法规科）");
        assertThat(name.json().get("roles").toString()).as("roles left as they were").isEqualTo("[\"REVIEWER\",\"APPROVER\"]");
        assertThat(hub.as("zhaoliu", "GET", "/api/me", null).status()).as("the password is untouched").isEqualTo(200);
        assertThat(hub.get("/api/users", "admin", ADMIN).body()).contains("赵六（法规科）");
    }

    @Test
    void should_refuse_an_unknown_user_or_role_and_bad_bodies_without_changing_anything() {
        hub.user("sunqi", "EDITOR");
        assertThat(hub.put("/api/users/nobody", "{\"roles\":[\"EDITOR\"]}", "admin", ADMIN).status()).isEqualTo(404);
        for (String[] bad : new String[][]{
                {"{\"roles\":[\"EDITOR\",\"AUDITOR\"],\"displayName\":\"孙七\"}", "roles"},
                {"{\"roles\":[]}", "roles"},
                {"{\"roles\":\"EDITOR\"}", "roles"},
                {"{\"displayName\":\"  \"}", "displayName"},
                {"{\"displayName\":\"" + "长".repeat(101) + "\"}", "displayName"},
                {"{\"password\":\"a-new-password-1\"}", "password"},
                {"{}", "(body)"}}) {
            TestHub.Response r = hub.put("/api/users/sunqi", bad[0], "admin", ADMIN);
            assertThat(r.status()).as(bad[0] + ": " + r.body()).isEqualTo(400);
            assertThat(r.json().at("/errors/0/field").asText()).as(bad[0]).isEqualTo(bad[1]);
        }
        JsonNode me = hub.as("sunqi", "GET", "/api/me", null).json();
        assertThat(me.get("roles").toString()).isEqualTo("[\"EDITOR\"]");
        assertThat(hub.get("/api/users", "admin", ADMIN).body()).doesNotContain("孙七");
        assertThat(hub.as("sunqi", "PUT", "/api/users/sunqi", "{\"roles\":[\"ADMIN\"]}").status()).as("only ADMIN").isEqualTo(403);
    }

    @Test
    void should_refuse_to_take_admin_from_the_last_admin_with_409() {
        hub.user("zhouba", "ADMIN", "EDITOR");
        TestHub.Response demoted = hub.put("/api/users/zhouba", "{\"roles\":[\"EDITOR\"]}", "admin", ADMIN);
        assertThat(demoted.status()).as("admin is still an ADMIN: " + demoted.body()).isEqualTo(200);

        TestHub.Response last = hub.put("/api/users/admin", "{\"roles\":[\"EDITOR\"],\"displayName\":\"不该写入\"}", "admin", ADMIN);
        assertThat(last.status()).as(last.body()).isEqualTo(409);
        assertThat(last.json().get("message").asText()).contains("last").contains("ADMIN");
        assertThat(hub.get("/api/users", "admin", ADMIN).status()).as("admin keeps ADMIN").isEqualTo(200);
        assertThat(hub.get("/api/users", "admin", ADMIN).body()).as("nothing half-written").doesNotContain("不该写入");
        assertThat(hub.put("/api/users/admin", "{\"roles\":[\"ADMIN\",\"EDITOR\"]}", "admin", ADMIN).status()).isEqualTo(200);

        // an ADMIN who cannot sign in (no password hash) does not count
        RedisKeys keys = hub.bean(RedisKeys.class);
        hub.user("wujiu", "ADMIN");
        redis.sync().hdel(keys.user("wujiu"), "passwordHash");
        assertThat(hub.put("/api/users/admin", "{\"roles\":[\"EDITOR\"]}", "admin", ADMIN).status()).isEqualTo(409);
    }
}
