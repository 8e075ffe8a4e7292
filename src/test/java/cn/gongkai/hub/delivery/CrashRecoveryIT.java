package cn.gongkai.hub.delivery;

import cn.gongkai.hub.support.ChannelConfigs;
import cn.gongkai.hub.support.HubProcess;
import cn.gongkai.hub.support.Seeds;
import cn.gongkai.hub.support.RedisUnderTest;
import cn.gongkai.hub.support.TestRedis;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
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
 * A hub process is killed with SIGKILL at a random moment of a 5,000-number SMS broadcast (SMS cannot be
 * de-duplicated), ten times with new data each time; a second process finishes the broadcast. Every time: each
 * delivery is planned once and ends SENT or IN_DOUBT, at most one batch is IN_DOUBT, nothing went out twice, and the
 * counters equal the records.
 */
class CrashRecoveryIT {
    static final int NUMBERS = 5000;
    static final int BATCH = 50;
    static final int ROUNDS = 10;

    @Test
    void should_bound_doubt_to_one_batch_and_never_send_twice_whenever_the_hub_is_killed(@TempDir Path tmp) throws Exception {
        try (TestRedis redis = TestRedis.start()) {
            rounds(redis, tmp);
        }
    }

    /** {@value #ROUNDS} broadcasts, each killed at a random moment, on the given Redis. */
    static void rounds(RedisUnderTest redis, Path tmp) throws Exception {
        long seed = Long.getLong("crash.seed", System.nanoTime());
        Random random = new Random(seed);
        System.out.println("crash test seed " + seed + " (rerun with -Dcrash.seed=" + seed + ")");
        for (int round = 0; round < ROUNDS; round++) {
            // a quarter of the kills fall while the broadcast is still being planned, the rest while it is sent
            int killAfter = random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(NUMBERS - 500);
            Result r = round(redis.uri(), tmp.resolve("round-" + round), "crash" + round, killAfter, random.nextInt(300));
            System.out.printf("crash test round %d: killed after %d sent (asked %d), then %s%n", round, r.sentAtKill, killAfter, r.byState);
        }
    }

    record Result(long sentAtKill, JsonNode byState) {
    }

    /** One broadcast killed once; the assertions of the class hold at the end. */
    static Result round(String redisUri, Path dir, String prefix, int killAfterSent, int extraMillis) throws Exception {
        Path config = ChannelConfigs.copy(dir.resolve("channel-config"));
        ChannelConfigs.set(config, "sms", ChannelConfigs.smsList("crash", NUMBERS) + "batch-size: " + BATCH);
        Path data = dir.resolve("data");
        Map<String, String> env = new HashMap<>();
        env.put("HUB_REDIS_URI", redisUri);
        env.put("HUB_CHANNEL_CONFIG_DIR", config.toString());
        env.put("HUB_DATA_DIR", data.toString());
        env.put("HUB_ROUTES_DIR", Path.of("routes").toAbsolutePath().toString());
        env.put("HUB_REDIS_PREFIX", prefix);
        env.put("HUB_DELIVERY_RECLAIM_IDLE_MILLIS", "2000");
        // small pages and steps, so that planning takes long enough to be killed in the middle
        env.put("HUB_DELIVERY_PLAN_PAGE_SIZE", "100");
        env.put("HUB_DELIVERY_PLAN_PAGES_PER_STEP", "3");
        Path sentLog = data.resolve("outbox/sms/sent.log");

        String id;
        long sentAtKill;
        HubProcess first = HubProcess.start(env, dir.resolve("first.log"));
        try {
            first.user("editor", "EDITOR");
            first.user("reviewer", "REVIEWER");
            first.user("approver", "APPROVER");
            JsonNode item = first.post("/api/items", Seeds.itemJson(2, "[\"sms\"]"), "editor").json();
            id = item.get("id").asText();
            String hash = item.get("contentHash").asText();
            assertThat(first.post("/api/items/" + id + "/submit", "", "editor").status()).isEqualTo(200);
            for (String[] r : List.of(new String[]{"reviewer", "first"}, new String[]{"approver", "final"})) {
                assertThat(first.post("/api/items/" + id + "/reviews", "{\"stage\":\"" + r[1] + "\",\"decision\":\"approve\",\"contentHash\":\""
                        + hash + "\"}", r[0]).status()).isEqualTo(200);
            }
            assertThat(first.post("/api/items/" + id + "/publish", "{}", "editor").status()).isEqualTo(202);
            if (killAfterSent > 0) {
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(5)).until(() -> lines(sentLog) >= killAfterSent);
            } else {
                // a moment after the publish call: the plan is being written
                await().pollDelay(Duration.ofMillis(extraMillis)).until(() -> true);
            }
        } finally {
            first.kill9();
            sentAtKill = lines(sentLog);
        }
        assertThat(sentAtKill).as("killed in the middle").isLessThan(NUMBERS);

        env.put("HUB_INSTANCE_ID", "second");
        try (HubProcess second = HubProcess.start(env, dir.resolve("second.log"))) {
            await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(500)).until(() -> {
                String s = second.get("/api/items/" + id, "editor").json().get("state").asText();
                return s.equals("PUBLISHED") || s.equals("PARTIALLY_PUBLISHED");
            });
            JsonNode sms = second.get("/api/items/" + id + "/deliveries", "editor").json().at("/channels/sms");
            JsonNode byState = sms.get("byState");
            int sent = byState.path("SENT").asInt();
            int inDoubt = byState.path("IN_DOUBT").asInt();
            assertThat(sms.get("total").asInt()).as("every number planned exactly once").isEqualTo(NUMBERS);
            assertThat(sent + inDoubt).as("every delivery finished " + byState).isEqualTo(NUMBERS);
            assertThat(inDoubt).as("at most the batch in flight is in doubt").isLessThanOrEqualTo(BATCH);
            assertThat(second.get("/api/stats", "editor").json().at("/channels/sms/messages").asInt()).as("counter equals records").isEqualTo(sent);

            Set<String> doubtful = new HashSet<>();
            String cursor = null;
            do {
                JsonNode page = second.get("/api/deliveries?state=IN_DOUBT&channel=sms&limit=500" + (cursor == null ? "" : "&cursor=" + cursor), "admin").json();
                page.get("items").forEach(d -> doubtful.add(d.get("id").asText()));
                cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
            } while (cursor != null);
            assertThat(doubtful).as("IN_DOUBT listed, page by page").hasSize(inDoubt);

            List<String> log = Files.readAllLines(sentLog);
            Set<String> once = new HashSet<>();
            for (String line : log) {
                assertThat(once.add(line.split("\t")[0])).as("no SMS sent twice: " + line).isTrue();
            }
            assertThat(once.size()).as("every SENT SMS went out once; an IN_DOUBT one at most once").isBetween(sent, sent + inDoubt);
            return new Result(sentAtKill, byState);
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
