package cn.gongkai.hub.account;

import cn.gongkai.hub.support.TestHub;
import cn.gongkai.hub.support.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Sign-in through HTTP Basic against a real Redis: failures slow down the (user, address) pair and the address,
 * never the user's sign-ins from elsewhere; the same BCrypt work whether the user exists or not. Addresses are
 * loopback aliases (127.0.0.2 …) or, on a hub configured for a proxy, the X-Forwarded-For header.
 */
class SignInIT {
    static final String ADMIN = TestHub.ADMIN_PASSWORD;
    static TestRedis redis;
    /** long locks: a lock holds for the whole test */
    static TestHub hub;
    /** behind a proxy (X-Forwarded-For), locks of 3 s */
    static TestHub proxied;

    @BeforeAll
    static void start() {
        redis = TestRedis.start();
        Map<String, Object> p = TestHub.defaults(redis);
        p.put("hub.security.sign-in.free-failures", 5);
        p.put("hub.security.sign-in.address-free-failures", 10);
        p.put("hub.security.sign-in.first-lock", "10m");
        p.put("hub.security.sign-in.max-lock", "10m");
        hub = TestHub.start(p);
        Map<String, Object> q = TestHub.defaults(redis);
        q.put("hub.security.client-ip-header", "X-Forwarded-For");
        q.put("hub.security.sign-in.first-lock", "3s");
        q.put("hub.security.sign-in.max-lock", "3s");
        proxied = TestHub.start(q);
    }

    @AfterAll
    static void stop() {
        proxied.close();
        hub.close();
        redis.close();
    }

    @Test
    void should_let_admin_sign_in_from_its_own_address_while_a_stranger_guessing_admin_is_locked_out() {
        for (int i = 0; i < 8; i++) {
            assertThat(hub.getFrom("127.0.0.2", "/api/me", "admin", "guess-number-" + i, Map.of())).isEqualTo(401);
        }
        assertThat(hub.getFrom("127.0.0.2", "/api/me", "admin", ADMIN, Map.of())).as("the stranger's address is locked").isEqualTo(401);
        assertThat(hub.getFrom("127.0.0.1", "/api/me", "admin", ADMIN, Map.of())).as("admin from elsewhere is not").isEqualTo(200);
    }

    @Test
    void should_slow_down_one_address_that_fails_across_many_user_names() {
        for (int i = 0; i < 11; i++) {
            assertThat(hub.getFrom("127.0.0.3", "/api/me", "user-" + i, "guess-password", Map.of())).isEqualTo(401);
        }
        assertThat(hub.getFrom("127.0.0.3", "/api/me", "admin", ADMIN, Map.of())).as("that address is locked for every user").isEqualTo(401);
        assertThat(hub.getFrom("127.0.0.1", "/api/me", "admin", ADMIN, Map.of())).isEqualTo(200);
    }

    @Test
    void should_ignore_forwarded_for_headers_unless_configured() {
        for (int i = 0; i < 6; i++) {
            assertThat(hub.getFrom("127.0.0.4", "/api/me", "admin", "guess-number-" + i, Map.of("X-Forwarded-For", "198.51.100." + i))).isEqualTo(401);
        }
        assertThat(hub.getFrom("127.0.0.4", "/api/me", "admin", ADMIN, Map.of("X-Forwarded-For", "198.51.100.99")))
                .as("a header the hub does not trust cannot move a client out of its lock").isEqualTo(401);
    }

    @Test
    void should_sign_in_with_the_right_password_once_the_lock_has_run_out() {
        proxied.user("clerk", "EDITOR");
        for (int i = 0; i < 6; i++) {
            assertThat(proxied.getFrom("127.0.0.5", "/api/me", "clerk", "guess-number-" + i, Map.of())).isEqualTo(401);
        }
        assertThat(proxied.getFrom("127.0.0.5", "/api/me", "clerk", TestHub.password("clerk"), Map.of())).as("locked").isEqualTo(401);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).until(() ->
                proxied.getFrom("127.0.0.5", "/api/me", "clerk", TestHub.password("clerk"), Map.of()) == 200);
    }

    @Test
    void should_take_the_client_address_from_the_last_entry_of_the_configured_header() {
        Map<String, String> stranger = Map.of("X-Forwarded-For", "10.9.9.9, 203.0.113.7");
        for (int i = 0; i < 6; i++) {
            assertThat(proxied.getFrom("127.0.0.6", "/api/me", "admin", "guess-number-" + i, stranger)).isEqualTo(401);
        }
        assertThat(proxied.getFrom("127.0.0.6", "/api/me", "admin", ADMIN, stranger)).as("the stranger is locked").isEqualTo(401);
        assertThat(proxied.getFrom("127.0.0.6", "/api/me", "admin", ADMIN, Map.of("X-Forwarded-For", "203.0.113.7, 192.0.2.10")))
                .as("the same proxy, another client (only the last entry counts)").isEqualTo(200);
    }

    @Test
    void should_spend_as_long_on_an_unknown_user_as_on_a_wrong_password() {
        Map<String, Object> p = TestHub.defaults(redis);
        // no lock during the measurement: a locked try is answered before any password check
        p.put("hub.security.sign-in.free-failures", 1000);
        p.put("hub.security.sign-in.address-free-failures", 1000);
        try (TestHub timed = TestHub.start(p)) {
            timed.user("known", "EDITOR");
            List<Long> unknown = new ArrayList<>();
            List<Long> wrong = new ArrayList<>();
            for (int i = -3; i < 20; i++) {
                long a = System.nanoTime();
                assertThat(timed.get("/api/me", "nobody-" + i, "wrong-password").status()).isEqualTo(401);
                long b = System.nanoTime();
                assertThat(timed.get("/api/me", "known", "wrong-password").status()).isEqualTo(401);
                long c = System.nanoTime();
                // a right password in between keeps any per-user lock away, whatever the throttle
                assertThat(timed.as("known", "GET", "/api/me", null).status()).isEqualTo(200);
                if (i >= 0) {
                    unknown.add(b - a);
                    wrong.add(c - b);
                }
            }
            double ratio = (double) median(unknown) / median(wrong);
            assertThat(ratio).as("median unknown user / median wrong password (ns: %s vs %s)", median(unknown), median(wrong))
                    .isBetween(0.5, 2.0);
        }
    }

    @Test
    void should_refuse_a_password_over_72_bytes_with_401() {
        String long75 = "政务公开信息发布审查制度实施细则第一章总则主要内容"; // 25 characters, 75 bytes in UTF-8
        assertThat(long75.getBytes(java.nio.charset.StandardCharsets.UTF_8)).hasSize(75);
        TestHub.Response r = hub.get("/api/me", "admin", long75);
        assertThat(r.status()).as(r.body()).isEqualTo(401);
        assertThat(hub.get("/api/me", "admin", ADMIN + "x".repeat(60)).status()).isEqualTo(401);
    }

    static long median(List<Long> xs) {
        List<Long> s = xs.stream().sorted().toList();
        return s.get(s.size() / 2);
    }
}
