package cn.gongkai.hub.delivery;

import cn.gongkai.hub.redis.RedisKeys;
import cn.gongkai.hub.support.TestRedis;
import cn.gongkai.hub.support.TestRedisAccess;
import io.lettuce.core.Consumer;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The backlog summed over two buckets on the real redis-server the hub embeds (6.2: no lag in XINFO GROUPS). */
class RedisDeliveryBacklogIT {
    static TestRedis redis;
    static TestRedisAccess access;
    static final RedisKeys KEYS = new RedisKeys("backlog");
    static RedisDeliveryBacklog backlog;

    @BeforeAll
    static void start() {
        redis = TestRedis.start();
        access = new TestRedisAccess(redis.uri());
        backlog = new RedisDeliveryBacklog(access, KEYS, new Buckets(new DeliverySettings(100, 60_000, 1000, 100_000, 2, 1000, 10)));
    }

    @AfterAll
    static void stop() {
        access.close();
        redis.close();
    }

    @Test
    void should_count_the_state_index_of_one_channel() {
        redis.sync().zadd(KEYS.byState("sms", 0, "DEAD"), 0, "0001733100000000|a");
        redis.sync().zadd(KEYS.byState("sms", 1, "DEAD"), 0, "0001733100000001|b");
        redis.sync().zadd(KEYS.byState("qq", 0, "DEAD"), 0, "0001733100000000|c");
        assertThat(backlog.inState("sms", DeliveryState.DEAD)).as("summed over the buckets").isEqualTo(2);
        assertThat(backlog.inState("sms", DeliveryState.IN_DOUBT)).isZero();
        assertThatThrownBy(() -> backlog.inState("sms", DeliveryState.SENT)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void should_report_pending_and_lag_of_the_hub_group_and_nothing_for_a_stream_not_made_yet() {
        assertThat(backlog.stream("led")).isEqualTo(new DeliveryBacklog.StreamBacklog(0, 0));
        String key = KEYS.deliveryStream("website", 1);
        redis.sync().xgroupCreate(XReadArgs.StreamOffset.from(key, "0"), RedisDeliveryBacklog.GROUP, XGroupCreateArgs.Builder.mkstream());
        assertThat(backlog.stream("website")).isEqualTo(new DeliveryBacklog.StreamBacklog(0, 0));
        for (int i = 0; i < 5; i++) {
            redis.sync().xadd(key, Map.of("deliveries", "d" + i + ":0"));
        }
        List<StreamMessage<String, String>> read = redis.sync().xreadgroup(Consumer.from(RedisDeliveryBacklog.GROUP, "one"),
                XReadArgs.Builder.count(2), XReadArgs.StreamOffset.lastConsumed(key));
        assertThat(read).hasSize(2);
        assertThat(backlog.stream("website")).isEqualTo(new DeliveryBacklog.StreamBacklog(2, 3));
        redis.sync().xack(key, RedisDeliveryBacklog.GROUP, read.get(0).getId());
        assertThat(backlog.stream("website")).isEqualTo(new DeliveryBacklog.StreamBacklog(1, 3));
    }

    @Test
    void should_stop_counting_the_lag_at_the_cap() {
        String key = KEYS.deliveryStream("sms", 0);
        redis.sync().xgroupCreate(XReadArgs.StreamOffset.from(key, "0"), RedisDeliveryBacklog.GROUP, XGroupCreateArgs.Builder.mkstream());
        for (int i = 0; i < RedisDeliveryBacklog.LAG_CAP + 50; i++) {
            redis.sync().xadd(key, Map.of("deliveries", "d" + i + ":0"));
        }
        assertThat(backlog.stream("sms").lag()).isEqualTo(RedisDeliveryBacklog.LAG_CAP);
    }
}
