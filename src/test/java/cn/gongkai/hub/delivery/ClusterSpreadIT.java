package cn.gongkai.hub.delivery;

import cn.gongkai.hub.support.ChannelConfigs;
import cn.gongkai.hub.support.Flow;
import cn.gongkai.hub.support.Seeds;
import cn.gongkai.hub.support.TestHub;
import cn.gongkai.hub.support.TestRedisCluster;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** One channel's broadcast uses every shard: its buckets' keys sit on all three masters of a cluster. */
class ClusterSpreadIT {

    @Test
    void should_land_a_twenty_thousand_number_broadcast_on_all_three_masters(@TempDir Path tmp) throws Exception {
        try (TestRedisCluster cluster = TestRedisCluster.start()) {
            Path config = ChannelConfigs.copy(tmp.resolve("channel-config"));
            ChannelConfigs.set(config, "sms", ChannelConfigs.smsList("all", 20_000) + "transport: discard");
            Map<String, Object> props = TestHub.defaults(cluster);
            props.put("hub.channel-config-dir", config.toString());
            String prefix = String.valueOf(props.get("hub.redis.key-prefix"));
            try (TestHub hub = TestHub.start(props)) {
                Flow flow = new Flow(hub).users();
                String id = flow.approved(Seeds.itemJson(0, "[\"sms\"]")).get("id").asText();
                assertThat(hub.as("editor", "POST", "/api/items/" + id + "/publish", "{}").status()).isEqualTo(202);
                await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(250))
                        .until(() -> "PUBLISHED".equals(hub.as("editor", "GET", "/api/items/" + id, null).json().get("state").asText()));
                long total = 0;
                for (int node = 0; node < TestRedisCluster.MASTERS; node++) {
                    long here = deliveryKeys(cluster, node, prefix);
                    System.out.printf("cluster spread: master %d holds %d of the broadcast's deliveries%n", node, here);
                    assertThat(here).as("master " + node + " holds some deliveries").isPositive();
                    total += here;
                }
                assertThat(total).isEqualTo(20_000);
                assertThat(hub.as("editor", "GET", "/api/stats", null).json().at("/channels/sms/messages").asInt()).isEqualTo(20_000);
            }
        }
    }

    /** Delivery hashes of the sms channel on one master, counted with SCAN on that node alone. */
    static long deliveryKeys(TestRedisCluster cluster, int node, String prefix) {
        long n = 0;
        ScanArgs match = ScanArgs.Builder.matches(prefix + ":{d:sms:*}:d:*").limit(1000);
        KeyScanCursor<String> cursor = cluster.node(node).scan(match);
        while (true) {
            n += cursor.getKeys().size();
            if (cursor.isFinished()) {
                return n;
            }
            cursor = cluster.node(node).scan(ScanCursor.of(cursor.getCursor()), match);
        }
    }
}
