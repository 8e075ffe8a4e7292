package cn.gongkai.hub.delivery;

import cn.gongkai.hub.support.ChannelConfigs;
import cn.gongkai.hub.support.Flow;
import cn.gongkai.hub.support.Seeds;
import cn.gongkai.hub.support.TestHub;
import cn.gongkai.hub.support.TestRedis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code rate: 50/s} in sms.yml holds for two instances together: 1,000 SMS take at least 20 s (999 intervals of
 * 20 ms after the first), no second of sending holds more than the limit, and each instance sent some.
 */
class SharedRateLimitIT {

    @Test
    void should_send_a_thousand_sms_at_no_more_than_fifty_a_second_from_two_instances_together(@TempDir Path tmp) throws Exception {
        try (TestRedis redis = TestRedis.start()) {
            Path config = ChannelConfigs.copy(tmp.resolve("channel-config"));
            ChannelConfigs.set(config, "sms", ChannelConfigs.smsList("all", 1_000) + "batch-size: 20\nrate: 50/s");
            Map<String, Object> a = TestHub.defaults(redis);
            a.put("hub.channel-config-dir", config.toString());
            a.put("hub.instance-id", "instance-a");
            a.put("hub.delivery.deliveries-per-entry", 20);
            Map<String, Object> b = new java.util.HashMap<>(a);
            b.put("hub.instance-id", "instance-b");
            try (TestHub one = TestHub.start(a); TestHub two = TestHub.start(b)) {
                Flow flow = new Flow(one).users();
                String id = flow.approved(Seeds.itemJson(0, "[\"sms\"]")).get("id").asText();
                Instant asked = Instant.now();
                assertThat(one.as("editor", "POST", "/api/items/" + id + "/publish", "{}").status()).isEqualTo(202);
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                        .until(() -> "PUBLISHED".equals(two.as("editor", "GET", "/api/items/" + id, null).json().get("state").asText()));
                Instant done = Instant.now();

                List<Instant> sentAt = new ArrayList<>();
                Set<String> ids = new HashSet<>();
                int[] perInstance = new int[2];
                int i = 0;
                for (TestHub h : List.of(one, two)) {
                    Path log = h.dataDir().resolve("outbox/sms/sent.log");
                    List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
                    perInstance[i++] = lines.size();
                    for (String l : lines) {
                        String[] f = l.split("\t");
                        ids.add(f[0]);
                        sentAt.add(Instant.parse(f[2]));
                    }
                }
                Collections.sort(sentAt);
                assertThat(sentAt).as("each delivery sent once").hasSize(1_000);
                assertThat(ids).hasSize(1_000);
                assertThat(perInstance).as("both instances sent some").doesNotContain(0);
                Duration span = Duration.between(sentAt.get(0), sentAt.get(sentAt.size() - 1));
                // 999 intervals of 20 ms are 19.98 s from the first slot to the last; a first send a busy machine holds
                // up shortens it a little (without a limit the whole span is about two seconds)
                assertThat(span).as("999 intervals of 20 ms between the first and the last").isGreaterThanOrEqualTo(Duration.ofMillis(19_000));
                assertThat(Duration.between(asked, done)).as("the whole broadcast").isGreaterThanOrEqualTo(Duration.ofSeconds(20));
                // slots are 20 ms apart and each goes at or after its slot; one that a busy machine holds up goes as
                // soon as it can, next to the ones on time, so one second can hold more than 50, but five seconds can
                // hold only a little over 250 (without a limit, this broadcast takes about two seconds)
                assertThat(mostWithin(sentAt, Duration.ofSeconds(5))).as("most SMS sent in any five seconds").isLessThanOrEqualTo(265);
                assertThat(one.as("editor", "GET", "/api/stats", null).json().at("/channels/sms/messages").asInt()).isEqualTo(1_000);
            }
        }
    }

    /** The most of {@code sorted} that fall within any one {@code window}. */
    static int mostWithin(List<Instant> sorted, Duration window) {
        int most = 0;
        for (int s = 0, e = 0; s < sorted.size(); s++) {
            while (e < sorted.size() && Duration.between(sorted.get(s), sorted.get(e)).compareTo(window) < 0) {
                e++;
            }
            most = Math.max(most, e - s);
        }
        return most;
    }
}
