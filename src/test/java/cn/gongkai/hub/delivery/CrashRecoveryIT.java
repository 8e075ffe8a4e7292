package cn.gongkai.hub.delivery;

import cn.gongkai.hub.support.ChannelConfigs;
import cn.gongkai.hub.support.HubProcess;
import cn.gongkai.hub.support.Seeds;
import cn.gongkai.hub.support.TestHub;
import cn.gongkai.hub.support.TestRedis;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A hub process is killed with SIGKILL in the middle of 5,000 deliveries (4,000 SMS, not resend-safe; 1,000 LED
 * screens, resend-safe); a second process finishes them.
 */
class CrashRecoveryIT {

    @Test
    void should_finish_every_delivery_after_a_kill_9_without_losing_or_silently_repeating_one(@TempDir Path tmp) throws Exception {
        try (TestRedis redis = TestRedis.start()) {
            Path config = ChannelConfigs.copy(tmp.resolve("channel-config"));
            ChannelConfigs.set(config, "sms", ChannelConfigs.smsList("crash", 4000) + "batch-size: 1");
            StringBuilder screens = new StringBuilder("screens:\n");
            for (int i = 0; i < 1000; i++) {
                screens.append("  s").append(i).append(":\n    location: 测试屏").append(i)
                        .append("\n    chars-per-line: 16\n    lines: 4\n    encoding: GBK\n    display-minutes: 60\n    mode: pull\n");
            }
            ChannelConfigs.set(config, "led", screens + "batch-size: 1");
            Path data = tmp.resolve("data");
            Map<String, String> env = new HashMap<>();
            env.put("HUB_REDIS_URI", redis.uri());
            env.put("HUB_CHANNEL_CONFIG_DIR", config.toString());
            env.put("HUB_DATA_DIR", data.toString());
            env.put("HUB_ROUTES_DIR", Path.of("routes").toAbsolutePath().toString());
            env.put("HUB_REDIS_PREFIX", "crash");
            env.put("HUB_DELIVERY_DELIVERIES_PER_ENTRY", "1");
            env.put("HUB_DELIVERY_RECLAIM_IDLE_MILLIS", "3000");

            String id;
            HubProcess first = HubProcess.start(env, tmp.resolve("first.log"));
            try {
                first.user("editor", "EDITOR");
                first.user("reviewer", "REVIEWER");
                first.user("approver", "APPROVER");
                JsonNode item = first.post("/api/items", Seeds.itemJson(2, "[\"sms\",\"led\"]"), "editor").json();
                id = item.get("id").asText();
                String hash = item.get("contentHash").asText();
                assertThat(first.post("/api/items/" + id + "/submit", "", "editor").status()).isEqualTo(200);
                for (String[] r : List.of(new String[]{"reviewer", "first"}, new String[]{"approver", "final"})) {
                    assertThat(first.post("/api/items/" + id + "/reviews", "{\"stage\":\"" + r[1] + "\",\"decision\":\"approve\",\"contentHash\":\""
                            + hash + "\"}", r[0]).status()).isEqualTo(200);
                }
                assertThat(first.post("/api/items/" + id + "/publish", "{}", "editor").status()).isEqualTo(202);
                String smsCount = "crash:{ch:sms}:count:" + java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai"));
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20)).until(() -> {
                    String v = redis.sync().hget(smsCount, "messages");
                    return v != null && Long.parseLong(v) >= 300;
                });
            } finally {
                first.kill9();
            }
            long sentAtKill = Long.parseLong(redis.sync().hget("crash:{ch:sms}:count:" + java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")), "messages"));
            assertThat(sentAtKill).as("killed in the middle").isLessThan(4000);

            env.put("HUB_INSTANCE_ID", "second");
            try (HubProcess second = HubProcess.start(env, tmp.resolve("second.log"))) {
                await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(500)).until(() -> {
                    String s = second.get("/api/items/" + id, "editor").json().get("state").asText();
                    return s.equals("PUBLISHED") || s.equals("PARTIALLY_PUBLISHED");
                });
                JsonNode d = second.get("/api/items/" + id + "/deliveries", "editor").json().get("channels");
                JsonNode stats = second.get("/api/stats", "editor").json().get("channels");
                for (String ch : List.of("sms", "led")) {
                    JsonNode byState = d.get(ch).get("byState");
                    int sent = byState.path("SENT").asInt();
                    int inDoubt = byState.path("IN_DOUBT").asInt();
                    System.out.printf("crash test: %s after recovery %s (SMS sent when killed: %d)%n", ch, byState, sentAtKill);
                    assertThat(d.get(ch).get("total").asInt()).isEqualTo(ch.equals("sms") ? 4000 : 1000);
                    assertThat(sent + inDoubt).as(ch + ": every delivery finished " + byState).isEqualTo(d.get(ch).get("total").asInt());
                    assertThat(stats.get(ch).get("messages").asInt()).as(ch + " counter equals records").isEqualTo(sent);
                    List<String> lines = Files.readAllLines(data.resolve("outbox/" + ch + "/sent.log"));
                    Set<String> ids = new HashSet<>();
                    lines.forEach(l -> ids.add(l.split("\t")[0]));
                    if (ch.equals("sms")) {
                        assertThat(lines).as("no SMS sent twice").hasSize(ids.size());
                        assertThat(ids.size()).as("every SENT SMS was sent; IN_DOUBT ones at most once").isBetween(sent, sent + inDoubt);
                    } else {
                        assertThat(inDoubt).as("LED is resend-safe: recovered by resending").isZero();
                        assertThat(ids).hasSize(1000);
                        try (var files = Files.list(data.resolve("outbox/led"))) {
                            assertThat(files.filter(p -> p.getFileName().toString().endsWith(".json") && !p.getFileName().toString().startsWith(".")).count()).as("one feed entry per screen").isEqualTo(1000);
                        }
                    }
                    int listed = 0;
                    String cursor = null;
                    do {
                        JsonNode page = second.get("/api/deliveries?state=IN_DOUBT&channel=" + ch + "&limit=500"
                                + (cursor == null ? "" : "&cursor=" + cursor), "admin").json();
                        listed += page.get("items").size();
                        cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
                    } while (cursor != null);
                    assertThat(listed).as(ch + " IN_DOUBT listed, page by page").isEqualTo(inDoubt);
                }
            }
        }
    }
}
