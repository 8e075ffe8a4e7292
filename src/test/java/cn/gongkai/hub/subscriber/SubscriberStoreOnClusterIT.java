package cn.gongkai.hub.subscriber;

import cn.gongkai.hub.item.Notice;
import cn.gongkai.hub.redis.RedisAccess;
import cn.gongkai.hub.redis.RedisKeys;
import cn.gongkai.hub.support.TestHub;
import cn.gongkai.hub.support.TestRedisCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The subscriber store on a real 3-master Redis Cluster: segments resolved by set algebra inside each bucket's slot
 * equal the same expression evaluated in Java over what was written; pages of a tag or of everyone give each person
 * once; imports are idempotent on mobile, openid and e-mail; erasure leaves only anonymous counts and the opt-outs.
 */
class SubscriberStoreOnClusterIT {
    static final String[] DISTRICTS = {"崇川区", "海门区", "通州区", "如皋市", "海安市", "启东市", "如东县"};
    static final String[] GROUPS = {"老年人", "残疾人", "文化企业", "学校", "测试"};
    static final int PEOPLE = 3000;

    static TestRedisCluster cluster;
    static TestHub hub;
    static SubscriberService service;
    static SubscriberStore store;
    static List<SubscriberInput> written = new ArrayList<>();

    @BeforeAll
    static void start() {
        cluster = TestRedisCluster.start();
        hub = TestHub.start(cluster);
        service = hub.bean(SubscriberService.class);
        store = hub.bean(SubscriberStore.class);
        Random random = new Random(11);
        List<SubscriberService.Row> rows = new ArrayList<>();
        for (int i = 0; i < PEOPLE; i++) {
            List<String> tags = new ArrayList<>();
            tags.add("区域:" + DISTRICTS[random.nextInt(DISTRICTS.length)]);
            for (String g : GROUPS) {
                if (random.nextInt(4) == 0) {
                    tags.add("群体:" + g);
                }
            }
            SubscriberInput in = new SubscriberInput("居民" + i, String.format("139%08d", i), "p" + i + "@example.cn", null, null, tags,
                    List.of(Reach.SMS), List.of(Reach.SMS));
            written.add(in);
            rows.add(new SubscriberService.Row(i + 2, in));
            if (rows.size() == 500) {
                assertThat(service.upsert(rows, "test", "editor")).extracting(SubscriberService.RowResult::written)
                        .containsOnly(SubscriberService.Written.CREATED);
                rows.clear();
            }
        }
    }

    @AfterAll
    static void stop() {
        hub.close();
        cluster.close();
    }

    static Set<String> resolved(Notice.Segment segment) {
        String name = "it-" + System.nanoTime();
        long n = store.resolve(segment, name, 60);
        Set<String> mobiles = new HashSet<>();
        String cursor = null;
        do {
            SubscriberStore.IdPage page = store.segmentPage(name, cursor, 97);
            for (Subscriber s : store.findAll(page.ids())) {
                assertThat(mobiles.add(s.mobile())).as("each person once").isTrue();
            }
            cursor = page.next();
        } while (cursor != null);
        store.dropSegment(name);
        assertThat(mobiles).hasSize((int) n);
        return mobiles;
    }

    static Set<String> expected(Predicate<List<String>> rule) {
        Set<String> out = new HashSet<>();
        written.stream().filter(w -> rule.test(w.tags())).forEach(w -> out.add(w.mobile()));
        return out;
    }

    @Test
    void should_resolve_all_any_and_not_as_the_same_expression_over_the_written_tags() {
        assertThat(resolved(new Notice.Segment(List.of("区域:崇川区"), List.of("群体:老年人", "群体:残疾人"), List.of("群体:测试"))))
                .isEqualTo(expected(t -> t.contains("区域:崇川区") && (t.contains("群体:老年人") || t.contains("群体:残疾人")) && !t.contains("群体:测试")));
        assertThat(resolved(new Notice.Segment(List.of("群体:学校", "群体:文化企业"), List.of(), List.of())))
                .isEqualTo(expected(t -> t.contains("群体:学校") && t.contains("群体:文化企业")));
        assertThat(resolved(new Notice.Segment(List.of(), List.of("区域:海门区", "区域:启东市"), List.of("群体:老年人"))))
                .isEqualTo(expected(t -> (t.contains("区域:海门区") || t.contains("区域:启东市")) && !t.contains("群体:老年人")));
        assertThat(resolved(new Notice.Segment(List.of(), List.of(), List.of("群体:测试"))))
                .isEqualTo(expected(t -> !t.contains("群体:测试")));
        assertThat(resolved(new Notice.Segment(List.of(), List.of(), List.of()))).hasSize(PEOPLE);
        assertThat(resolved(new Notice.Segment(List.of("区域:不存在区"), List.of(), List.of()))).isEmpty();
    }

    @Test
    void should_page_a_tag_and_everyone_with_each_person_once() {
        Set<String> seen = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            SubscriberStore.Page p = service.list("群体:学校", cursor, 50);
            p.items().forEach(s -> assertThat(seen.add(s.id())).isTrue());
            cursor = p.nextCursor();
            pages++;
        } while (cursor != null && pages < 1000);
        assertThat(seen).hasSize(expected(t -> t.contains("群体:学校")).size());
        assertThat(service.count()).isGreaterThanOrEqualTo(PEOPLE - 2);
    }

    @Test
    void should_update_not_duplicate_when_the_same_people_are_imported_again_and_refuse_a_row_that_names_two_people() {
        long before = service.count();
        List<SubscriberService.Row> again = new ArrayList<>();
        for (int i = 100; i < 200; i++) {
            SubscriberInput w = written.get(i);
            // the same person by e-mail only, with a new tag list: updated, not created
            again.add(new SubscriberService.Row(i, new SubscriberInput(w.name(), null, w.email(), null, null, w.tags(), List.of(), List.of(Reach.EMAIL))));
        }
        assertThat(service.upsert(again, "second-file", "editor")).extracting(SubscriberService.RowResult::written)
                .containsOnly(SubscriberService.Written.UPDATED);
        assertThat(service.count()).isEqualTo(before);
        Subscriber s = store.find(store.idsByAddress(Reach.SMS, List.of(written.get(150).mobile())).get(0).orElseThrow()).orElseThrow();
        assertThat(s.consented(Reach.SMS)).isTrue();
        assertThat(s.consent().get(Reach.EMAIL).source()).isEqualTo("second-file");

        SubscriberInput clash = new SubscriberInput("两人", written.get(300).mobile(), written.get(301).email(), null, null, List.of(), List.of(), List.of());
        SubscriberService.RowResult r = service.upsert(List.of(new SubscriberService.Row(9, clash)), "x", "editor").get(0);
        assertThat(r.written()).isEqualTo(SubscriberService.Written.REFUSED);
        assertThat(r.problem()).contains("belongs to subscriber");
        assertThat(service.count()).isEqualTo(before);
    }

    @Test
    void should_erase_a_person_keeping_only_anonymous_counts_and_their_opt_out() {
        SubscriberInput w = written.get(2999);
        String id = store.idsByAddress(Reach.SMS, List.of(w.mobile())).get(0).orElseThrow();
        service.optOut(id, Reach.SMS, "editor");
        assertThat(service.get(id).optedOut()).containsKey(Reach.SMS);
        service.erase(id, "admin");
        assertThat(store.find(id)).isEmpty();
        assertThat(store.idsByAddress(Reach.SMS, List.of(w.mobile())).get(0)).isEmpty();
        assertThat(store.idsByAddress(Reach.EMAIL, List.of(w.email())).get(0)).isEmpty();
        assertThat(store.erasureCounts()).containsEntry("erased", 1L).containsEntry("tag:" + w.tags().get(0), 1L);
        OptOuts optOuts = hub.bean(OptOuts.class);
        assertThat(optOuts.optedOut("sms", List.of(w.mobile()))).as("still honoured after erasure").containsExactly(w.mobile());
        RedisAccess redis = hub.bean(RedisAccess.class);
        Map<String, String> raw = redis.sync().hgetall(hub.bean(RedisKeys.class).optOuts("sms"));
        assertThat(raw.keySet()).as("no number in clear").noneMatch(k -> k.contains(w.mobile()));
        assertThat(resolved(new Notice.Segment(List.of(), List.of(), List.of()))).doesNotContain(w.mobile());
    }
}
