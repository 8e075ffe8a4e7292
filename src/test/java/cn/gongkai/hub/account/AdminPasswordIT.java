package cn.gongkai.hub.account;

import cn.gongkai.hub.StartupErrors;
import cn.gongkai.hub.support.LogCapture;
import cn.gongkai.hub.support.TestHub;
import cn.gongkai.hub.support.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The admin password across starts of a hub on one data dir and Redis: the first start's random password in a
 * private file, a HUB_ADMIN_PASSWORD that is not applied, and {@code --reset-admin-password}.
 */
class AdminPasswordIT {
    static TestRedis redis;

    @BeforeAll
    static void start() {
        redis = TestRedis.start();
    }

    @AfterAll
    static void stop() {
        redis.close();
    }

    static Map<String, Object> props(Path data, String adminPassword) {
        Map<String, Object> p = TestHub.defaults(redis);
        p.put("hub.data-dir", data.toString());
        p.put("hub.admin-password", adminPassword == null ? "" : adminPassword);
        p.put("hub.security.sign-in.first-lock", "10m");
        return p;
    }

    @Test
    void should_write_the_random_first_admin_password_to_a_file_only_this_user_can_read(@TempDir Path data) throws IOException {
        try (LogCapture log = LogCapture.of(AdminBootstrap.class); TestHub hub = TestHub.start(props(data, null))) {
            Path file = data.resolve("initial-admin-password");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            String password = Files.readString(file).strip();
            assertThat(hub.get("/api/me", "admin", password).status()).isEqualTo(200);
            assertThat(log.lines()).anyMatch(l -> l.startsWith("WARN Created user 'admin'") && l.contains(file.toString()));
            assertThat(log.lines()).noneMatch(l -> l.contains(password));
        }
    }

    @Test
    void should_warn_when_hub_admin_password_is_set_but_admin_already_has_another(@TempDir Path data) {
        Map<String, Object> first = props(data, "first-admin-password");
        try (TestHub hub = TestHub.start(first)) {
            assertThat(hub.get("/api/me", "admin", "first-admin-password").status()).isEqualTo(200);
        }
        Map<String, Object> second = new java.util.HashMap<>(first);
        second.put("hub.admin-password", "admin-pass-2026");
        try (LogCapture log = LogCapture.of(AdminBootstrap.class); TestHub hub = TestHub.start(second)) {
            assertThat(log.lines()).anyMatch(l -> l.startsWith("WARN HUB_ADMIN_PASSWORD is set but was NOT applied")
                    && l.contains("--reset-admin-password"));
            assertThat(hub.get("/api/me", "admin", "admin-pass-2026").status()).isEqualTo(401);
            assertThat(hub.get("/api/me", "admin", "first-admin-password").status()).isEqualTo(200);
        }
    }

    @Test
    void should_set_admin_password_and_end_admin_locks_with_the_reset_option(@TempDir Path data) {
        Map<String, Object> first = props(data, "first-admin-password");
        try (TestHub hub = TestHub.start(first)) {
            for (int i = 0; i < 7; i++) {
                assertThat(hub.get("/api/me", "admin", "forgotten-password-" + i).status()).isEqualTo(401);
            }
            assertThat(hub.get("/api/me", "admin", "first-admin-password").status()).as("locked").isEqualTo(401);
        }
        Map<String, Object> second = new java.util.HashMap<>(first);
        second.put("hub.admin-password", "admin-pass-2026");
        try (LogCapture log = LogCapture.of(AdminBootstrap.class); TestHub hub = TestHub.start(second, "--reset-admin-password")) {
            assertThat(log.lines()).anyMatch(l -> l.contains("Set the password of 'admin' from HUB_ADMIN_PASSWORD") && l.contains("locks"));
            assertThat(hub.get("/api/me", "admin", "admin-pass-2026").status()).isEqualTo(200);
            assertThat(hub.get("/api/me", "admin", "first-admin-password").status()).isEqualTo(401);
        }
    }

    @Test
    void should_refuse_to_start_with_the_reset_option_but_no_hub_admin_password(@TempDir Path data) {
        assertThatThrownBy(() -> TestHub.start(props(data, null), "--reset-admin-password").close())
                .satisfies(e -> assertThat(StartupErrors.describe(e))
                        .isEqualTo("--reset-admin-password needs HUB_ADMIN_PASSWORD: set it to admin's new password"));
    }
}
