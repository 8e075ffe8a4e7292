package cn.gongkai.hub.delivery;

import cn.gongkai.hub.support.ChannelConfigs;
import cn.gongkai.hub.support.Flow;
import cn.gongkai.hub.support.Seeds;
import cn.gongkai.hub.support.TestHub;
import cn.gongkai.hub.support.RedisUnderTest;
import cn.gongkai.hub.support.TestRedis;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Two hub instances on one Redis share 10,000 SMS deliveries: each does some, none is done twice. */
class TwoInstancesIT {

    @Test
    void should_share_the_work_of_ten_thousand_deliveries_between_two_instances(@TempDir Path tmp) throws Exception {
        try (TestRedis redis = TestRedis.start()) {
            share(redis, tmp);
        }
    }

    static void share(RedisUnderTest redis, Path tmp) throws Exception {
        {
            Path config = ChannelConfigs.copy(tmp.resolve("channel-config"));
            ChannelConfigs.set(config, "sms", ChannelConfigs.smsList("all", 10_000) + "batch-size: 20");
            Map<String, Object> a = TestHub.defaults(redis);
            a.put("hub.channel-config-dir", config.toString());
            a.put("hub.instance-id", "instance-a");
            a.put("hub.delivery.deliveries-per-entry", 20);
            Map<String, Object> b = new java.util.HashMap<>(a);
            b.put("hub.instance-id", "instance-b");
            try (TestHub one = TestHub.start(a); TestHub two = TestHub.start(b)) {
                Flow flow = new Flow(one).users();
                String id = flow.approved(Seeds.itemJson(0, "[\"sms\"]")).get("id").asText();
                assertThat(one.as("editor", "POST", "/api/items/" + id + "/publish", "{}").status()).isEqualTo(202);
                await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(250))
                        .until(() -> "PUBLISHED".equals(two.as("editor", "GET", "/api/items/" + id, null).json().get("state").asText()));

                Set<String> all = new HashSet<>();
                int lines = 0;
                int[] perInstance = new int[2];
                int i = 0;
                for (TestHub h : List.of(one, two)) {
                    List<String> log = Files.readAllLines(h.dataDir().resolve("outbox/sms/sent.log"));
                    lines += log.size();
                    perInstance[i++] = log.size();
                    log.forEach(l -> all.add(l.split("\t")[0]));
                }
                assertThat(perInstance[0]).as("instance a did some").isPositive();
                assertThat(perInstance[1]).as("instance b did some").isPositive();
                assertThat(lines).as("no delivery sent twice").isEqualTo(all.size());
                assertThat(all).hasSize(10_000);
                JsonNode stats = one.as("editor", "GET", "/api/stats", null).json();
                assertThat(stats.at("/channels/sms/messages").asInt()).isEqualTo(10_000);
                assertThat(stats.at("/channels/sms/items").asInt()).isEqualTo(1);
            }
        }
    }
}
