package cn.gongkai.hub.subscriber;

import cn.gongkai.hub.item.Notice;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ReachabilityTest {
    static final List<Reach> ALL = List.of(Reach.SMS, Reach.WECHAT, Reach.EMAIL, Reach.QQ);

    static Subscriber person(List<Reach> preferred, List<Reach> consent) {
        Map<Reach, Consent> c = new EnumMap<>(Reach.class);
        consent.forEach(r -> c.put(r, new Consent(true, Instant.EPOCH, "test")));
        return new Subscriber("s1", "张三", "13800000001", "oAbCdEfGhIjKlMnOpQrStUvWx", "z@example.cn", null, List.of(),
                preferred, c, Map.of(), Instant.EPOCH, Instant.EPOCH);
    }

    static Reachability.Decision decide(Subscriber s, List<Reach> channels, Notice.Mode mode, Set<Reach> optedOut, Set<Reach> overQuota) {
        return Reachability.decide(s, channels, mode, (r, a) -> optedOut.contains(r), (r, a) -> overQuota.contains(r));
    }

    @Test
    void should_take_the_first_preferred_channel_that_can_reach_the_person() {
        Reachability.Decision d = decide(person(List.of(Reach.WECHAT, Reach.SMS), ALL), ALL, Notice.Mode.FALLBACK, Set.of(), Set.of());
        assertThat(d.reached()).containsExactly(Reach.WECHAT);
        assertThat(d.skipped()).isEmpty();
    }

    @Test
    void should_fall_back_past_an_opt_out_a_missing_consent_and_a_missing_address_with_each_reason() {
        Subscriber s = person(List.of(Reach.QQ, Reach.WECHAT, Reach.SMS, Reach.EMAIL), List.of(Reach.SMS, Reach.EMAIL, Reach.QQ));
        Reachability.Decision d = decide(s, ALL, Notice.Mode.FALLBACK, Set.of(Reach.SMS), Set.of());
        assertThat(d.reached()).containsExactly(Reach.EMAIL);
        assertThat(d.skipped()).containsExactly(new Reachability.Skip(Reach.QQ, SkipReason.NO_ADDRESS),
                new Reachability.Skip(Reach.WECHAT, SkipReason.NO_CONSENT), new Reachability.Skip(Reach.SMS, SkipReason.OPTED_OUT));
    }

    @Test
    void should_use_only_the_notice_channels_and_then_its_order_after_the_preferences() {
        Subscriber s = person(List.of(Reach.WECHAT), ALL);
        assertThat(decide(s, List.of(Reach.EMAIL, Reach.SMS), Notice.Mode.FALLBACK, Set.of(), Set.of()).reached()).containsExactly(Reach.EMAIL);
    }

    @Test
    void should_send_on_every_reachable_channel_in_mode_all() {
        Subscriber s = person(List.of(Reach.SMS), List.of(Reach.SMS, Reach.WECHAT, Reach.EMAIL));
        Reachability.Decision d = decide(s, ALL, Notice.Mode.ALL, Set.of(), Set.of(Reach.EMAIL));
        assertThat(d.reached()).containsExactly(Reach.SMS, Reach.WECHAT);
        assertThat(d.skipped()).containsExactly(new Reachability.Skip(Reach.EMAIL, SkipReason.QUOTA), new Reachability.Skip(Reach.QQ, SkipReason.NO_ADDRESS));
    }

    @Test
    void should_say_why_on_the_first_channel_when_nothing_reaches_the_person() {
        Reachability.Decision d = decide(person(List.of(Reach.SMS), List.of()), List.of(Reach.SMS, Reach.QQ), Notice.Mode.FALLBACK, Set.of(), Set.of());
        assertThat(d.reached()).isEmpty();
        assertThat(d.noneWhy()).isEqualTo(SkipReason.NO_CONSENT);
    }

    @Test
    void should_mask_addresses_as_people_are_shown() {
        assertThat(Masking.mobile("13812341234")).isEqualTo("138****1234");
        assertThat(Masking.email("zhangsan@example.cn")).isEqualTo("z***@example.cn");
        assertThat(Masking.address("13812341234")).isEqualTo("138****1234");
        assertThat(Masking.other("oAbCdEfGhIjKlMnOpQrStUvWx")).doesNotContain("EfGhIjKlMnOpQrSt").startsWith("oAbC");
    }

    @Test
    void should_normalise_tags_and_refuse_an_unknown_dimension() {
        assertThat(Tags.normalize(" 区域 ： 崇川区 ")).isEqualTo("区域:崇川区");
        assertThat(Tags.problem("区域:崇川区", List.of("区域", "群体"))).isEmpty();
        assertThat(Tags.problem("年龄:60", List.of("区域", "群体"))).get().asString().contains("unknown tag dimension '年龄'");
        assertThat(Tags.problem("区域:", List.of("区域"))).isPresent();
        assertThat(Tags.problem("崇川区", List.of("区域"))).isPresent();
    }
}
