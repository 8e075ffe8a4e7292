package cn.gongkai.hub.audit;

import cn.gongkai.hub.HubException;
import cn.gongkai.hub.redis.RedisKeys;
import cn.gongkai.hub.support.LogCapture;
import cn.gongkai.hub.support.TestRedis;
import cn.gongkai.hub.support.TestRedisAccess;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The audit log on a real redis-server: append-only, paged by cursor, each page a bounded read. */
class RedisAuditLogIT {
    static TestRedis redis;
    static TestRedisAccess access;

    @BeforeAll
    static void start() {
        redis = TestRedis.start();
        access = new TestRedisAccess(redis.uri());
    }

    @AfterAll
    static void stop() {
        access.close();
        redis.close();
    }

    static RedisKeys keys() {
        return new RedisKeys("audit-" + UUID.randomUUID().toString().substring(0, 8));
    }

    static AuditEntry entry(String actor, AuditAction action, String target) {
        return AuditEntry.now(Actor.of(actor, "ADMIN"), action, target, null);
    }

    @Test
    void should_read_a_bounded_part_of_the_log_per_page_when_the_filter_skips_most_of_it() throws Exception {
        RedisKeys keys = keys();
        RedisAuditLog log = new RedisAuditLog(access, keys);
        int bulk = RedisAuditLog.MAX_SCANNED + 2_000;
        // written straight to the stream, pipelined: twelve thousand round trips would only slow the test
        List<RedisFuture<String>> pipeline = new ArrayList<>();
        RedisClient client = RedisClient.create(redis.uri());
        try (var c = client.connect()) {
            for (int i = 0; i < bulk; i++) {
                pipeline.add(c.async().xadd(keys.auditLog(), Map.of("at", Instant.now().toString(), "actor", "bulk",
                        "role", "ADMIN", "action", "USER_CREATED", "target", "user:u" + i)));
            }
            for (RedisFuture<String> f : pipeline) {
                f.get();
            }
        } finally {
            client.shutdown();
        }
        log.record(entry("needle", AuditAction.RETRY, "delivery:x"));

        AuditFilter needle = new AuditFilter(null, "needle", null, null);
        AuditPage first = log.page(null, 10, needle);
        assertThat(first.items()).as("a page reads at most MAX_SCANNED entries").isEmpty();
        assertThat(first.nextCursor()).isNotNull();
        AuditPage second = log.page(first.nextCursor(), 10, needle);
        assertThat(second.items()).extracting(AuditEntry::target).containsExactly("delivery:x");
        assertThat(second.nextCursor()).isNull();
        assertThat(redis.sync().xlen(keys.auditLog())).as("nothing trimmed").isEqualTo(bulk + 1);
    }

    @Test
    void should_give_every_entry_once_across_pages_and_say_when_the_last_page_is_reached() {
        RedisKeys keys = keys();
        RedisAuditLog log = new RedisAuditLog(access, keys);
        for (int i = 0; i < 6; i++) {
            log.record(entry("admin", AuditAction.USER_CREATED, "user:u" + i));
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            AuditPage p = log.page(cursor, 3, AuditFilter.ALL);
            p.items().forEach(e -> seen.add(e.target()));
            cursor = p.nextCursor();
            pages++;
        } while (cursor != null);
        assertThat(seen).containsExactly("user:u0", "user:u1", "user:u2", "user:u3", "user:u4", "user:u5");
        assertThat(pages).as("the second page ends the log and says so").isEqualTo(2);
        assertThat(log.page(null, 6, AuditFilter.ALL).nextCursor()).isNull();
        assertThat(log.page(null, 5, AuditFilter.ALL).nextCursor()).isNotNull();
    }

    @Test
    void should_refuse_a_cursor_it_did_not_give_and_leave_out_an_entry_it_cannot_read() {
        RedisKeys keys = keys();
        RedisAuditLog log = new RedisAuditLog(access, keys);
        assertThatThrownBy(() -> log.page("0-0; DROP", 10, AuditFilter.ALL)).isInstanceOfSatisfying(HubException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.errors().get(0).field()).isEqualTo("cursor");
        });
        redis.sync().xadd(keys.auditLog(), Map.of("at", Instant.now().toString(), "actor", "admin", "action", "ACTION_OF_A_NEWER_HUB", "target", "x"));
        log.record(entry("admin", AuditAction.RESEND, "delivery:y"));
        try (LogCapture warnings = LogCapture.of(RedisAuditLog.class)) {
            assertThat(log.page(null, 10, AuditFilter.ALL).items()).extracting(AuditEntry::action).containsExactly(AuditAction.RESEND);
            assertThat(warnings.lines()).anyMatch(l -> l.startsWith("WARN") && l.contains("ACTION_OF_A_NEWER_HUB"));
        }
    }

    @Test
    void should_keep_an_entry_it_cannot_write_in_the_hub_log_instead_of_failing_the_done_action() {
        try (TestRedisAccess broken = new TestRedisAccess(redis.uri()); LogCapture errors = LogCapture.of(RedisAuditLog.class)) {
            RedisAuditLog log = new RedisAuditLog(broken, keys());
            broken.closeConnection();
            log.record(AuditEntry.now(Actor.of("approver", "APPROVER"), AuditAction.WITHDRAW, "item:7", "version 2: 数据有误"));
            assertThat(errors.lines()).anyMatch(l -> l.startsWith("ERROR") && l.contains("WITHDRAW") && l.contains("item:7")
                    && l.contains("approver") && l.contains("数据有误"));
        }
    }
}
