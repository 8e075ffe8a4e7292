package cn.gongkai.hub.subscriber;

import cn.gongkai.hub.support.ChannelConfigs;
import cn.gongkai.hub.support.HubProcess;
import cn.gongkai.hub.support.TestHub;
import cn.gongkai.hub.support.TestRedisCluster;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A hub process on a 3-master Redis Cluster is killed with SIGKILL in the middle of a targeted notice (while its
 * segment is being planned, or while it is being sent), and a second process finishes it. Every round: each person of
 * the segment is planned once per channel, nothing went out twice to anyone on any channel, at most a batch per channel
 * is left IN_DOUBT, and the report adds up.
 */
class NoticeCrashOnClusterIT {
    static final int PEOPLE = 2000;
    static final int ROUNDS = 3;
    static final int BATCH = 50;

    @Test
    void should_never_send_a_notice_twice_to_one_person_on_one_channel_whenever_the_hub_is_killed(@TempDir Path tmp) throws Exception {
        long seed = Long.getLong("crash.seed", System.nanoTime());
        Random random = new Random(seed);
        System.out.println("notice crash test seed " + seed + " (rerun with -Dcrash.seed=" + seed + ")");
        try (TestRedisCluster cluster = TestRedisCluster.start()) {
            for (int round = 0; round < ROUNDS; round++) {
                // the first round is killed while the segment is still being planned, the others while it is sent
                int killAfter = round == 0 ? 0 : 1 + random.nextInt(PEOPLE);
                round(cluster.uri(), tmp.resolve("round-" + round), "ncrash" + round, killAfter, random.nextInt(200));
            }
        }
    }

    /** The CSV every round imports: everyone in 崇川区; sms and e-mail consent, a tenth sms only. */
    static byte[] csv() {
        StringBuilder sb = new StringBuilder("name,mobile,email,tags,preferredChannels,consent\n");
        for (int i = 0; i < PEOPLE; i++) {
            sb.append("居民").append(i).append(',').append(String.format("137%08d", i)).append(",r").append(i).append("@example.cn,")
                    .append("区域:崇川区;群体:老年人,sms;email,").append(i % 10 == 0 ? "sms" : "sms;email").append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    static void round(String redisUri, Path dir, String prefix, int killAfterSent, int extraMillis) throws Exception {
        Path config = ChannelConfigs.copy(dir.resolve("channel-config"));
        ChannelConfigs.set(config, "sms", "batch-size: " + BATCH);
        ChannelConfigs.set(config, "press-email", "batch-size: " + BATCH);
        Path data = dir.resolve("data");
        Map<String, String> env = new HashMap<>();
        env.put("HUB_REDIS_URI", redisUri);
        env.put("HUB_CHANNEL_CONFIG_DIR", config.toString());
        env.put("HUB_DATA_DIR", data.toString());
        env.put("HUB_ROUTES_DIR", Path.of("routes").toAbsolutePath().toString());
        env.put("HUB_REDIS_PREFIX", prefix);
        env.put("HUB_DELIVERY_RECLAIM_IDLE_MILLIS", "2000");
        env.put("HUB_DELIVERY_PLAN_PAGE_SIZE", "50");
        env.put("HUB_DELIVERY_PLAN_PAGES_PER_STEP", "2");
        Path smsLog = data.resolve("outbox/sms/sent.log");
        Path mailLog = data.resolve("outbox/press-email/sent.log");
        String id;
        HubProcess first = HubProcess.start(env, dir.resolve("first.log"));
        try {
            first.user("editor", "EDITOR");
            first.user("reviewer", "REVIEWER");
            first.user("approver", "APPROVER");
            TestHub.Response imp = first.upload("/api/subscribers/imports", "居民.csv", "text/csv", csv(), Map.of("consentSource", "社区登记表"), "editor");
            assertThat(imp.status()).as(imp.body()).isEqualTo(202);
            String job = imp.json().get("id").asText();
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                    .until(() -> first.get("/api/subscribers/imports/" + job, "editor").json().get("state").asText().equals("DONE"));
            assertThat(first.get("/api/subscribers/imports/" + job, "editor").json().get("imported").asInt()).isEqualTo(PEOPLE);
            JsonNode notice = first.post("/api/notices", """
                    {"title": "崇川区寒潮防范提示", "body": "预计12月5日起气温骤降，请老年朋友注意保暖，减少外出。",
                     "segment": {"all": ["区域:崇川区"]}, "channels": ["sms", "email"], "mode": "all"}""", "editor").json();
            id = notice.get("id").asText();
            String hash = notice.get("contentHash").asText();
            assertThat(first.post("/api/items/" + id + "/submit", "", "editor").status()).isEqualTo(200);
            for (String[] r : List.of(new String[]{"reviewer", "first"}, new String[]{"approver", "final"})) {
                assertThat(first.post("/api/items/" + id + "/reviews", "{\"stage\":\"" + r[1] + "\",\"decision\":\"approve\",\"contentHash\":\""
                        + hash + "\"}", r[0]).status()).isEqualTo(200);
            }
            assertThat(first.post("/api/items/" + id + "/publish", "{}", "approver").status()).isEqualTo(202);
            if (killAfterSent > 0) {
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(5)).until(() -> lines(smsLog) + lines(mailLog) >= killAfterSent);
            } else {
                await().pollDelay(Duration.ofMillis(extraMillis)).until(() -> true);
            }
        } finally {
            first.kill9();
        }
        long atKill = lines(smsLog) + lines(mailLog);
        env.put("HUB_INSTANCE_ID", "second");
        try (HubProcess second = HubProcess.start(env, dir.resolve("second.log"))) {
            await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(500)).until(() -> {
                String s = second.get("/api/items/" + id, "editor").json().get("state").asText();
                return s.equals("PUBLISHED") || s.equals("PARTIALLY_PUBLISHED");
            });
            JsonNode report = second.get("/api/notices/" + id + "/report", "editor").json();
            System.out.printf("notice crash round: killed after %d sent, then %s%n", atKill, report);
            assertThat(report.get("targeted").asInt()).isEqualTo(PEOPLE);
            int expectedMail = PEOPLE - PEOPLE / 10;
            for (String[] c : List.of(new String[]{"sms", smsLog.toString(), Integer.toString(PEOPLE)},
                    new String[]{"email", mailLog.toString(), Integer.toString(expectedMail)})) {
                JsonNode f = report.get("channels").get(c[0]);
                int planned = Integer.parseInt(c[2]);
                assertThat(f.get("planned").asInt()).as(c[0] + ": each person planned once").isEqualTo(planned);
                int sent = f.get("sent").asInt();
                int inDoubt = f.get("inDoubt").asInt();
                assertThat(sent + inDoubt).as(c[0] + ": every delivery finished").isEqualTo(planned);
                assertThat(inDoubt).as(c[0] + ": at most the batch in flight is in doubt").isLessThanOrEqualTo(BATCH);
                Set<String> once = new HashSet<>();
                for (String line : Files.readAllLines(Path.of(c[1]))) {
                    assertThat(once.add(line.split("\t")[0])).as(c[0] + ": nothing sent twice to one person: " + line).isTrue();
                }
                assertThat(once.size()).as(c[0] + ": every SENT one went out once, an IN_DOUBT one at most once").isBetween(sent, sent + inDoubt);
            }
            assertThat(report.get("skipped").get("noConsent").asInt()).isZero();
        }
    }

    static long lines(Path file) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        try (var s = Files.lines(file)) {
            return s.count();
        }
    }
}
