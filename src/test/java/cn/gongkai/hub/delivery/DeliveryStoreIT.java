package cn.gongkai.hub.delivery;

import cn.gongkai.hub.item.Action;
import cn.gongkai.hub.HubConfig;
import cn.gongkai.hub.channel.Target;
import cn.gongkai.hub.redis.RedisKeys;
import cn.gongkai.hub.support.TestRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The delivery state machine (DeliveryScripts) against a real redis-server, one transition at a time. */
class DeliveryStoreIT {
    static TestRedis redis;
    static RedisClient client;
    static StatefulRedisConnection<String, String> connection;
    DeliveryStore store;
    RedisKeys keys;

    @BeforeAll
    static void start() {
        redis = TestRedis.start();
        client = RedisClient.create(redis.uri());
        connection = client.connect();
    }

    @AfterAll
    static void stop() {
        connection.close();
        client.shutdown();
        redis.close();
    }

    @BeforeEach
    void store() {
        keys = new RedisKeys("t" + UUID.randomUUID().toString().substring(0, 8));
        store = new DeliveryStore(connection, keys, new DeliverySettings(2, 60_000, 1000, 100_000),
                new HubConfig("/tmp", "Asia/Shanghai", 100_000, 1_000_000, "", 2_097_152));
    }

    static List<Target> targets(int n) {
        return java.util.stream.IntStream.range(0, n).mapToObj(i -> new Target("t" + i, "1380000000" + i, null)).toList();
    }

    String id(int i) {
        return DeliveryStore.deliveryId("sms", "7", 1, "publish", "t" + i);
    }

    DeliveryState state(int i) {
        return store.find(id(i)).orElseThrow().state();
    }

    @Test
    void should_plan_once_per_publication_with_deterministic_ids_and_chunked_entries() {
        assertThat(store.plan("sms", "7", 1, Action.PUBLISH, targets(5))).isEqualTo(5);
        assertThat(store.plan("sms", "7", 1, Action.PUBLISH, targets(5))).isEqualTo(5);
        assertThat(redis.sync().xlen(keys.stream("sms"))).as("5 deliveries, 2 per entry, planned once").isEqualTo(3);
        assertThat(store.forItem("sms", "7")).hasSize(5).allSatisfy(d -> assertThat(d.state()).isEqualTo(DeliveryState.PLANNED));
        assertThat(store.find(id(3)).orElseThrow().targetAddress()).isEqualTo("13800000003");
    }

    @Test
    void should_count_a_sent_delivery_with_its_counters_in_the_same_step_and_ignore_a_stale_result() {
        store.plan("sms", "7", 1, Action.PUBLISH, targets(2));
        List<DeliveryStore.Claim> claims = store.claim("sms", "a", false, 5, false, List.of(new String[]{id(0), "0"}, new String[]{id(1), "0"}));
        assertThat(claims).extracting(DeliveryStore.Claim::code).containsExactly("CLAIMED", "CLAIMED");
        assertThat(claims.get(0).attempt()).isEqualTo(1);
        assertThat(state(0)).isEqualTo(DeliveryState.SENDING);
        long recorded = store.complete("sms", 5, List.of(
                new DeliveryStore.Result(id(0), 1, "SENT", "outbox/sms/x.json", 1, 2, null),
                new DeliveryStore.Result(id(1), 1, "FAILED", "invalid number", 0, 0, null),
                new DeliveryStore.Result(id(1), 9, "SENT", "stale", 1, 1, null)));
        assertThat(recorded).isEqualTo(2);
        assertThat(state(0)).isEqualTo(DeliveryState.SENT);
        assertThat(state(1)).isEqualTo(DeliveryState.FAILED);
        String day = LocalDate.now(ZoneId.of("Asia/Shanghai")).toString();
        assertThat(store.counters("sms", day)).containsEntry("messages", 1L).containsEntry("parts", 2L)
                .containsEntry("items", 1L).containsEntry("failed", 1L);
        assertThat(store.counters("sms", day.substring(0, 4))).containsEntry("messages", 1L);
        assertThat(store.progress("sms", "7", 1, Action.PUBLISH).terminal()).containsEntry("SENT", 1L).containsEntry("FAILED", 1L);
        assertThat(store.claim("sms", "b", false, 5, false, List.<String[]>of(new String[]{id(0), "0"})).get(0).code()).isEqualTo("SKIP");
    }

    @Test
    void should_mark_in_doubt_when_a_not_resend_safe_delivery_is_found_mid_send_and_resend_it_on_request() {
        store.plan("sms", "7", 1, Action.PUBLISH, targets(1));
        store.claim("sms", "dead-consumer", false, 5, false, List.<String[]>of(new String[]{id(0), "0"}));
        // the entry comes back after the consumer died: redelivered, same expected attempt
        DeliveryStore.Claim again = store.claim("sms", "b", false, 5, true, List.<String[]>of(new String[]{id(0), "0"})).get(0);
        assertThat(again.code()).isEqualTo("IN_DOUBT");
        assertThat(state(0)).isEqualTo(DeliveryState.IN_DOUBT);
        assertThat(store.inState("sms", DeliveryState.IN_DOUBT, null, 10).items()).extracting(DeliveryRecord::id).containsExactly(id(0));
        assertThat(store.progress("sms", "7", 1, Action.PUBLISH).terminal()).containsEntry("IN_DOUBT", 1L);

        assertThatThrownBy(() -> store.requeue(id(0), List.of(DeliveryState.DEAD, DeliveryState.FAILED), "admin"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("IN_DOUBT");
        assertThat(store.requeue(id(0), List.of(DeliveryState.IN_DOUBT), "admin")).contains("IN_DOUBT");
        assertThat(state(0)).isEqualTo(DeliveryState.RETRYING);
        assertThat(store.inState("sms", DeliveryState.IN_DOUBT, null, 10).items()).isEmpty();
        assertThat(store.progress("sms", "7", 1, Action.PUBLISH).terminal()).containsEntry("IN_DOUBT", 0L);
        assertThat(store.claim("sms", "c", false, 5, false, List.<String[]>of(new String[]{id(0), "1"})).get(0).code()).isEqualTo("CLAIMED");
    }

    @Test
    void should_resend_a_resend_safe_delivery_found_mid_send_and_give_up_after_max_attempts() {
        store.plan("sms", "7", 1, Action.PUBLISH, targets(1));
        store.claim("sms", "a", true, 3, false, List.<String[]>of(new String[]{id(0), "0"}));
        DeliveryStore.Claim second = store.claim("sms", "b", true, 3, true, List.<String[]>of(new String[]{id(0), "0"})).get(0);
        assertThat(second.code()).isEqualTo("CLAIMED");
        assertThat(second.attempt()).isEqualTo(2);
        assertThat(store.claim("sms", "c", true, 3, true, List.<String[]>of(new String[]{id(0), "0"})).get(0).code())
                .as("an older copy of the entry").isEqualTo("SKIP");
        assertThat(store.claim("sms", "c", true, 3, true, List.<String[]>of(new String[]{id(0), "1"})).get(0).attempt()).isEqualTo(3);
        DeliveryStore.Claim last = store.claim("sms", "d", true, 3, true, List.<String[]>of(new String[]{id(0), "2"})).get(0);
        assertThat(last.code()).as("a poison delivery ends DEAD instead of looping").isEqualTo("DEAD");
        assertThat(store.find(id(0)).orElseThrow().lastError()).contains("gave up after 3 attempts");
    }

    @Test
    void should_schedule_a_retry_then_go_dead_and_release_due_retries_into_the_stream() {
        store.plan("sms", "7", 1, Action.PUBLISH, targets(1));
        long before = redis.sync().xlen(keys.stream("sms"));
        store.claim("sms", "a", false, 2, false, List.<String[]>of(new String[]{id(0), "0"}));
        store.complete("sms", 2, List.of(new DeliveryStore.Result(id(0), 1, "RETRY", "HTTP 503", 0, 0, Instant.now().minusMillis(1))));
        assertThat(state(0)).isEqualTo(DeliveryState.RETRYING);
        assertThat(store.releaseRetries("sms", 100)).isEqualTo(1);
        assertThat(redis.sync().xlen(keys.stream("sms"))).isEqualTo(before + 1);
        assertThat(store.releaseRetries("sms", 100)).as("released once").isZero();
        assertThat(store.claim("sms", "a", false, 2, false, List.<String[]>of(new String[]{id(0), "1"})).get(0).code()).isEqualTo("CLAIMED");
        store.complete("sms", 2, List.of(new DeliveryStore.Result(id(0), 2, "RETRY", "HTTP 503 again", 0, 0, Instant.now())));
        assertThat(state(0)).isEqualTo(DeliveryState.DEAD);
        assertThat(store.inState("sms", DeliveryState.DEAD, null, 10).items()).extracting(DeliveryRecord::lastError).containsExactly("HTTP 503 again");
    }

    @Test
    void should_refuse_only_deliveries_not_yet_sending() {
        store.plan("sms", "7", 1, Action.PUBLISH, targets(2));
        store.claim("sms", "a", false, 5, false, List.<String[]>of(new String[]{id(0), "0"}));
        assertThat(store.refuse("sms", List.of(id(0), id(1)), "review gate: item 7 was withdrawn")).isEqualTo(1);
        assertThat(state(0)).isEqualTo(DeliveryState.SENDING);
        assertThat(state(1)).isEqualTo(DeliveryState.REFUSED);
        assertThat(store.find(id(1)).orElseThrow().lastError()).contains("withdrawn");
    }
}
