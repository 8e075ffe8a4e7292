package cn.gongkai.hub.delivery;

import cn.gongkai.hub.HubConfig;
import cn.gongkai.hub.channel.Target;
import cn.gongkai.hub.item.Action;
import cn.gongkai.hub.redis.RedisKeys;
import cn.gongkai.hub.support.TestHub;
import cn.gongkai.hub.support.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The delivery state machine (lua/delivery/*.lua) against a real redis-server, one transition at a time. */
class DeliveryStoreIT {
    static final PublicationKey PUB = new PublicationKey("7", 1, Action.PUBLISH);
    static TestRedis redis;

    @BeforeAll
    static void start() {
        redis = TestRedis.start();
    }

    @AfterAll
    static void stop() {
        redis.close();
    }

    record Fixture(RedisDeliveryStore store, RedisKeys keys, Buckets buckets) {
        String id(int i) {
            return DeliveryStore.deliveryId("sms", "7", 1, "publish", "t" + i);
        }

        int bucket(int i) {
            return buckets.of(id(i));
        }

        DeliveryState state(int i) {
            return store.find(id(i)).orElseThrow().state();
        }

        List<Claim> claim(int i, int expected, String consumer, boolean resendSafe, int maxAttempts, boolean redelivered) {
            return store.claim("sms", bucket(i), PUB, List.of(new DeliveryRef(id(i), expected)), consumer, resendSafe, maxAttempts, redelivered);
        }
    }

    static Fixture fixture(int buckets) {
        RedisKeys keys = new RedisKeys("t" + UUID.randomUUID().toString().substring(0, 8));
        DeliverySettings settings = new DeliverySettings(2, 60_000, 1000, 100_000, buckets, 1000, 10);
        Buckets b = new Buckets(settings);
        return new Fixture(new RedisDeliveryStore(redis.access(), keys, b, settings,
                new HubConfig("/tmp", "Asia/Shanghai", 100_000, 1_000_000, "", 2_097_152), TestHub.JSON), keys, b);
    }

    static List<Target> targets(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> new Target("t" + i, "1380000000" + i, null)).toList();
    }

    @Test
    void should_plan_each_delivery_once_with_deterministic_ids_and_chunked_entries() {
        Fixture f = fixture(1);
        assertThat(f.store().plan("sms", PUB, targets(0, 5))).isEqualTo(5);
        assertThat(f.store().plan("sms", PUB, targets(0, 5))).as("planned again: nothing new").isZero();
        assertThat(f.store().plan("sms", PUB, targets(3, 7))).as("an overlapping page adds only what is new").isEqualTo(2);
        assertThat(redis.sync().xlen(f.keys().deliveryStream("sms", 0))).as("5 deliveries, 2 per entry, then 2 more").isEqualTo(4);
        assertThat(f.store().find(f.id(3)).orElseThrow().targetAddress()).isEqualTo("13800000003");
        assertThat(f.store().progress("sms", PUB).planned()).isEqualTo(7);
        assertThat(f.store().progress("sms", PUB).planComplete()).isFalse();
        f.store().planAdvanced("sms", PUB, null);
        assertThat(f.store().progress("sms", PUB).planComplete()).isTrue();
    }

    @Test
    void should_spread_a_channel_over_its_buckets_and_sum_them_back() {
        Fixture f = fixture(16);
        assertThat(f.store().plan("sms", PUB, targets(0, 400))).isEqualTo(400);
        Set<Integer> used = new HashSet<>();
        long entries = 0;
        for (int b = 0; b < 16; b++) {
            long n = redis.sync().xlen(f.keys().deliveryStream("sms", b));
            if (n > 0) {
                used.add(b);
            }
            entries += n;
        }
        assertThat(used).as("400 deliveries land in every one of 16 buckets").hasSize(16);
        assertThat(entries).isGreaterThanOrEqualTo(200);
        assertThat(f.store().progress("sms", PUB).planned()).isEqualTo(400);
        // fail one delivery in each of several buckets: the listing merges the buckets in the order they entered FAILED
        List<String> failed = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            f.claim(i, 0, "a", false, 5, false);
            f.store().complete("sms", f.bucket(i), PUB, 5, List.of(new Result(f.id(i), 1, Outcome.FAILED, "bad number " + i, 0, 0, null, "outbox")));
            failed.add(f.id(i));
        }
        DeliveryStore.StatePage first = f.store().inState("sms", DeliveryState.FAILED, null, 3);
        DeliveryStore.StatePage rest = f.store().inState("sms", DeliveryState.FAILED, first.last(), 3);
        List<String> listed = new ArrayList<>();
        first.items().forEach(d -> listed.add(d.id()));
        rest.items().forEach(d -> listed.add(d.id()));
        assertThat(listed).containsExactlyInAnyOrderElementsOf(failed).doesNotHaveDuplicates();
        assertThat(f.store().item("sms", "7", 50).problems()).extracting(DeliveryRecord::id).containsExactlyInAnyOrderElementsOf(failed);
    }

    @Test
    void should_count_a_sent_delivery_with_its_counters_in_the_same_step_and_ignore_a_stale_result() {
        Fixture f = fixture(1);
        f.store().plan("sms", PUB, targets(0, 2));
        List<Claim> claims = f.store().claim("sms", 0, PUB, List.of(new DeliveryRef(f.id(0), 0), new DeliveryRef(f.id(1), 0)), "a", false, 5, false);
        assertThat(claims).extracting(Claim::code).containsExactly(ClaimCode.CLAIMED, ClaimCode.CLAIMED);
        assertThat(claims.get(0).attempt()).isEqualTo(1);
        assertThat(claims.get(0).target().address()).isEqualTo("13800000000");
        assertThat(f.state(0)).isEqualTo(DeliveryState.SENDING);
        long recorded = f.store().complete("sms", 0, PUB, 5, List.of(
                new Result(f.id(0), 1, Outcome.SENT, "outbox/sms/x.json", 1, 2, null, "outbox"),
                new Result(f.id(1), 1, Outcome.FAILED, "invalid number", 0, 0, null, "outbox"),
                new Result(f.id(1), 9, Outcome.SENT, "stale", 1, 1, null, "outbox")));
        assertThat(recorded).isEqualTo(2);
        assertThat(f.state(0)).isEqualTo(DeliveryState.SENT);
        assertThat(f.store().find(f.id(0)).orElseThrow().transport()).isEqualTo("outbox");
        assertThat(f.state(1)).isEqualTo(DeliveryState.FAILED);
        String day = LocalDate.now(ZoneId.of("Asia/Shanghai")).toString();
        assertThat(f.store().counters("sms", day)).containsEntry("messages", 1L).containsEntry("parts", 2L).containsEntry("failed", 1L);
        assertThat(f.store().countedItems("sms", day)).containsExactly("7");
        assertThat(f.store().counters("sms", day.substring(0, 4))).containsEntry("messages", 1L);
        assertThat(f.store().progress("sms", PUB).terminal()).containsEntry("SENT", 1L).containsEntry("FAILED", 1L);
        assertThat(f.claim(0, 0, "b", false, 5, false).get(0).code()).isEqualTo(ClaimCode.SKIP);
    }

    @Test
    void should_mark_in_doubt_when_a_not_resend_safe_delivery_is_found_mid_send_and_resend_it_on_request() {
        Fixture f = fixture(1);
        f.store().plan("sms", PUB, targets(0, 1));
        f.claim(0, 0, "dead-consumer", false, 5, false);
        // the entry comes back after the consumer died: redelivered, same expected attempt
        Claim again = f.claim(0, 0, "b", false, 5, true).get(0);
        assertThat(again.code()).isEqualTo(ClaimCode.IN_DOUBT);
        assertThat(f.state(0)).isEqualTo(DeliveryState.IN_DOUBT);
        assertThat(f.store().inState("sms", DeliveryState.IN_DOUBT, null, 10).items()).extracting(DeliveryRecord::id).containsExactly(f.id(0));
        assertThat(f.store().progress("sms", PUB).terminal()).containsEntry("IN_DOUBT", 1L);

        assertThatThrownBy(() -> f.store().requeue(f.id(0), List.of(DeliveryState.DEAD, DeliveryState.FAILED), "admin"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("IN_DOUBT");
        assertThat(f.store().requeue(f.id(0), List.of(DeliveryState.IN_DOUBT), "admin")).contains(DeliveryState.IN_DOUBT);
        assertThat(f.state(0)).isEqualTo(DeliveryState.RETRYING);
        assertThat(f.store().inState("sms", DeliveryState.IN_DOUBT, null, 10).items()).isEmpty();
        assertThat(f.store().progress("sms", PUB).terminal()).containsEntry("IN_DOUBT", 0L);
        assertThat(f.claim(0, 1, "c", false, 5, false).get(0).code()).isEqualTo(ClaimCode.CLAIMED);
    }

    @Test
    void should_resend_a_resend_safe_delivery_found_mid_send_and_give_up_after_max_attempts() {
        Fixture f = fixture(1);
        f.store().plan("sms", PUB, targets(0, 1));
        f.claim(0, 0, "a", true, 3, false);
        Claim second = f.claim(0, 0, "b", true, 3, true).get(0);
        assertThat(second.code()).isEqualTo(ClaimCode.CLAIMED);
        assertThat(second.attempt()).isEqualTo(2);
        assertThat(f.claim(0, 0, "c", true, 3, true).get(0).code()).as("an older copy of the entry").isEqualTo(ClaimCode.SKIP);
        assertThat(f.claim(0, 1, "c", true, 3, true).get(0).attempt()).isEqualTo(3);
        Claim last = f.claim(0, 2, "d", true, 3, true).get(0);
        assertThat(last.code()).as("a poison delivery ends DEAD instead of looping").isEqualTo(ClaimCode.DEAD);
        assertThat(f.store().find(f.id(0)).orElseThrow().lastError()).contains("gave up after 3 attempts");
    }

    @Test
    void should_schedule_a_retry_then_go_dead_and_release_due_retries_into_the_stream() {
        Fixture f = fixture(1);
        f.store().plan("sms", PUB, targets(0, 1));
        long before = redis.sync().xlen(f.keys().deliveryStream("sms", 0));
        f.claim(0, 0, "a", false, 2, false);
        f.store().complete("sms", 0, PUB, 2, List.of(new Result(f.id(0), 1, Outcome.RETRY, "HTTP 503", 0, 0, Instant.now().minusMillis(1), "outbox")));
        assertThat(f.state(0)).isEqualTo(DeliveryState.RETRYING);
        assertThat(f.store().inState("sms", DeliveryState.RETRYING, null, 10).items()).hasSize(1);
        assertThat(f.store().releaseRetries("sms", 100)).isEqualTo(1);
        assertThat(redis.sync().xlen(f.keys().deliveryStream("sms", 0))).isEqualTo(before + 1);
        assertThat(f.store().releaseRetries("sms", 100)).as("released once").isZero();
        assertThat(f.claim(0, 1, "a", false, 2, false).get(0).code()).isEqualTo(ClaimCode.CLAIMED);
        assertThat(f.store().inState("sms", DeliveryState.RETRYING, null, 10).items()).as("no longer retrying").isEmpty();
        f.store().complete("sms", 0, PUB, 2, List.of(new Result(f.id(0), 2, Outcome.RETRY, "HTTP 503 again", 0, 0, Instant.now(), "outbox")));
        assertThat(f.state(0)).isEqualTo(DeliveryState.DEAD);
        assertThat(f.store().inState("sms", DeliveryState.DEAD, null, 10).items()).extracting(DeliveryRecord::lastError).containsExactly("HTTP 503 again");
    }

    @Test
    void should_refuse_only_deliveries_not_yet_sending() {
        Fixture f = fixture(1);
        f.store().plan("sms", PUB, targets(0, 2));
        f.claim(0, 0, "a", false, 5, false);
        assertThat(f.store().refuse("sms", 0, PUB, List.of(f.id(0), f.id(1)), "review gate: item 7 was withdrawn")).isEqualTo(1);
        assertThat(f.state(0)).isEqualTo(DeliveryState.SENDING);
        assertThat(f.state(1)).isEqualTo(DeliveryState.REFUSED);
        assertThat(f.store().find(f.id(1)).orElseThrow().lastError()).contains("withdrawn");
    }

    @Test
    void should_page_the_targets_a_withdrawal_goes_to_over_every_bucket() {
        Fixture f = fixture(16);
        f.store().plan("sms", PUB, targets(0, 50));
        for (int i = 0; i < 50; i++) {
            f.claim(i, 0, "a", false, 5, false);
            if (i % 2 == 0) {
                f.store().complete("sms", f.bucket(i), PUB, 5, List.of(new Result(f.id(i), 1, Outcome.SENT, "ref", 1, 1, null, "outbox")));
            } else if (i % 5 == 0) {
                f.store().complete("sms", f.bucket(i), PUB, 5, List.of(new Result(f.id(i), 1, Outcome.FAILED, "bad", 0, 0, null, "outbox")));
            }
        }
        var source = f.store().reached("sms", "7");
        Set<String> reached = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            var page = source.page(cursor, 7);
            page.targets().forEach(t -> assertThat(reached.add(t.id())).isTrue());
            cursor = page.next();
            pages++;
        } while (cursor != null);
        // SENT (the 25 even ones) and SENDING (odd ones not failed: 20) are reached; FAILED (5) are not
        assertThat(reached).hasSize(45);
        assertThat(pages).isGreaterThan(1);
    }

    @Test
    void should_record_a_receipt_that_overtook_the_record_of_its_send_once_the_send_is_recorded() {
        Fixture f = fixture(2);
        Receipts receipts = new Receipts(f.store());
        f.store().plan("sms", PUB, targets(0, 2));
        f.claim(0, 0, "c1", false, 5, false);
        f.claim(1, 0, "c1", false, 5, false);
        DeliveryReceipt early = new DeliveryReceipt("DELIVRD", Instant.parse("2026-12-01T02:00:00Z"), "err:000");
        assertThat(receipts.report("sms", "smpp", "msg-0", early)).as("the SMSC answered faster than the hub recorded")
                .isEqualTo(Receipts.Recorded.KEPT_UNTIL_SEND_IS_RECORDED);
        assertThat(f.store().find(f.id(0)).orElseThrow().receipt()).isNull();

        f.store().complete("sms", f.bucket(0), PUB, 5, List.of(new Result(f.id(0), 1, Outcome.SENT, "msg-0", 1, 1, null, "smpp")));
        f.store().complete("sms", f.bucket(1), PUB, 5, List.of(new Result(f.id(1), 1, Outcome.SENT, "msg-1", 1, 1, null, "smpp")));
        f.store().remember("sms", "smpp", java.util.Map.of("msg-0", f.id(0), "msg-1", f.id(1)));
        receipts.applyEarly("sms", "smpp", java.util.Map.of("msg-0", f.id(0), "msg-1", f.id(1)));
        assertThat(f.store().find(f.id(0)).orElseThrow().receipt()).isEqualTo(early);

        DeliveryReceipt late = new DeliveryReceipt("UNDELIV", Instant.parse("2026-12-01T02:00:05Z"), "err:001");
        assertThat(receipts.report("sms", "smpp", "msg-1", late)).isEqualTo(Receipts.Recorded.RECORDED);
        DeliveryRecord one = f.store().find(f.id(1)).orElseThrow();
        assertThat(one.receipt()).isEqualTo(late);
        assertThat(one.state()).isEqualTo(DeliveryState.SENT);
        assertThat(f.store().takeEarlyReceipts("sms", "smpp", List.of("msg-0", "msg-1"))).as("nothing left behind").isEmpty();
        assertThat(receipts.report("sms", "aliyun", "msg-0", late)).as("another transport's ids are its own")
                .isEqualTo(Receipts.Recorded.KEPT_UNTIL_SEND_IS_RECORDED);
    }
}
