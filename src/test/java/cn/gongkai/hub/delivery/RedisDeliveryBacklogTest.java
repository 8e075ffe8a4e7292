package cn.gongkai.hub.delivery;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading XINFO GROUPS replies as Redis 6.2 and 7 give them. */
class RedisDeliveryBacklogTest {

    @Test
    void should_read_pending_and_last_delivered_id_from_a_redis_6_reply_without_lag() {
        List<Object> reply = List.of(
                List.of("name", "other", "consumers", 1L, "pending", 9L, "last-delivered-id", "5-0"),
                List.of("name", "hub", "consumers", 2L, "pending", 3L, "last-delivered-id", "1733100000000-4"));
        RedisDeliveryBacklog.GroupInfo g = RedisDeliveryBacklog.group(reply, "hub");
        assertThat(g).isEqualTo(new RedisDeliveryBacklog.GroupInfo("hub", 3, "1733100000000-4", null));
    }

    @Test
    void should_take_the_lag_redis_7_reports_and_leave_an_unknown_lag_to_be_counted() {
        List<Object> known = List.of(List.of("name", "hub", "consumers", 1L, "pending", 0L, "last-delivered-id", "7-0",
                "entries-read", 7L, "lag", 12L));
        assertThat(RedisDeliveryBacklog.group(known, "hub").lag()).isEqualTo(12L);
        List<Object> unknown = List.of(Arrays.asList("name", "hub", "consumers", 1L, "pending", 0L, "last-delivered-id", "7-0",
                "entries-read", null, "lag", null));
        assertThat(RedisDeliveryBacklog.group(unknown, "hub").lag()).isNull();
    }

    @Test
    void should_answer_null_when_the_group_does_not_exist() {
        assertThat(RedisDeliveryBacklog.group(List.of(), "hub")).isNull();
        assertThat(RedisDeliveryBacklog.group(List.of(List.of("name", "other", "pending", 1L)), "hub")).isNull();
    }
}
