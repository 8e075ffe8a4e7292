package cn.gongkai.hub.channel.sms;

import cn.gongkai.hub.support.Seeds;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SmsSegmentsTest {
    static final String HAN = "政府信息公开工作年度报告";

    static String han(int n) {
        return HAN.repeat(n / HAN.length() + 1).substring(0, n);
    }

    @Test
    void should_send_70_chinese_characters_as_one_ucs2_part_and_71_as_two() {
        assertThat(SmsSegments.encoding(han(70))).isEqualTo(SmsEncoding.UCS2);
        assertThat(SmsSegments.parts(han(70))).isEqualTo(1);
        assertThat(SmsSegments.parts(han(71))).isEqualTo(2);
        assertThat(SmsSegments.split(han(71))).extracting(String::length).containsExactly(67, 4);
        assertThat(SmsSegments.parts(han(134))).isEqualTo(2);
        assertThat(SmsSegments.parts(han(135))).isEqualTo(3);
    }

    @Test
    void should_send_160_gsm_characters_as_one_part_and_161_as_two() {
        assertThat(SmsSegments.encoding("a".repeat(160))).isEqualTo(SmsEncoding.GSM7);
        assertThat(SmsSegments.parts("a".repeat(160))).isEqualTo(1);
        assertThat(SmsSegments.parts("a".repeat(161))).isEqualTo(2);
        assertThat(SmsSegments.split("a".repeat(161))).extracting(String::length).containsExactly(153, 8);
        assertThat(SmsSegments.parts("a".repeat(306))).isEqualTo(2);
        assertThat(SmsSegments.parts("a".repeat(307))).isEqualTo(3);
    }

    @Test
    void should_switch_the_whole_message_to_ucs2_for_one_character_outside_gsm() {
        String text = "a".repeat(69) + "文";
        assertThat(SmsSegments.encoding(text)).isEqualTo(SmsEncoding.UCS2);
        assertThat(SmsSegments.parts(text)).isEqualTo(1);
        assertThat(SmsSegments.parts(text + "a")).isEqualTo(2);
    }

    @Test
    void should_count_gsm_extension_characters_as_two_septets_and_never_split_their_escape() {
        assertThat(SmsSegments.units("€".repeat(80))).isEqualTo(160);
        assertThat(SmsSegments.parts("€".repeat(80))).isEqualTo(1);
        assertThat(SmsSegments.parts("€".repeat(81))).isEqualTo(2);
        // 152 septets, then a two-septet character that would straddle the 153-septet boundary
        List<String> parts = SmsSegments.split("a".repeat(152) + "€" + "a".repeat(10));
        assertThat(parts).extracting(String::length).containsExactly(152, 11);
        assertThat(parts.get(1)).startsWith("€");
    }

    @Test
    void should_never_split_a_surrogate_pair_across_parts() {
        // 66 units, then an emoji occupying units 67 and 68: it must move whole to the second part
        String text = han(66) + "😀" + han(10);
        List<String> parts = SmsSegments.split(text);
        assertThat(parts).hasSize(2);
        assertThat(parts.get(0)).hasSize(66);
        assertThat(parts.get(1)).startsWith("😀");
        assertThat(String.join("", parts)).isEqualTo(text);
        for (String part : parts) {
            assertThat(Character.isHighSurrogate(part.charAt(part.length() - 1))).isFalse();
            assertThat(Character.isLowSurrogate(part.charAt(0))).isFalse();
            assertThat(part.length()).isLessThanOrEqualTo(67);
        }
    }

    @Test
    void should_split_a_seed_report_into_67_unit_parts_that_join_back_to_the_text() {
        String seed = Seeds.text(2);
        List<String> parts = SmsSegments.split(seed);
        assertThat(parts).hasSize((seed.length() + 66) / 67);
        assertThat(parts).allSatisfy(p -> assertThat(p.length()).isLessThanOrEqualTo(67));
        assertThat(String.join("", parts)).isEqualTo(seed);
    }
}
