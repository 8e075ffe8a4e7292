package cn.gongkai.hub.channel.led;

import cn.gongkai.hub.channel.ChannelFixtures;
import cn.gongkai.hub.review.scan.Finding;
import cn.gongkai.hub.review.scan.Severity;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LedCharacterWarningsTest {
    static final LedScreen GBK = new LedScreen("hall", "大厅", 16, 2, "GBK", 60, "pull");
    static final LedScreen UTF8 = new LedScreen("gate", "南门", 16, 2, "UTF-8", 60, "push");

    @Test
    void should_list_each_character_outside_gb2312_once_in_what_the_screens_show() {
        List<Finding> w = new LedCharacterWarnings(List.of(GBK, UTF8)).warnings(
                ChannelFixtures.content("关于☃冬季供暖☃的通知", "正文。", "朱镕基同志题词𠀀。", List.of()));
        assertThat(w).hasSize(2);
        assertThat(w.get(0)).satisfies(f -> {
            assertThat(f.id()).isEqualTo("led-characters:title:2");
            assertThat(f.severity()).isEqualTo(Severity.WARN);
            assertThat(f.mustBeWaived()).isFalse();
            assertThat(f.message()).contains("☃（U+2603）", "hall").doesNotContain("gate");
            assertThat(f.message().indexOf('☃')).isEqualTo(f.message().lastIndexOf('☃'));
        });
        assertThat(w.get(1)).satisfies(f -> {
            assertThat(f.field()).isEqualTo("summary");
            // 镕 is in GBK but not in GB2312: the controller's font lacks it
            assertThat(f.message()).contains("镕（U+9555）", "𠀀（U+20000）");
            assertThat(f.offset()).isEqualTo(1);
        });
    }

    @Test
    void should_check_the_bodys_first_sentence_when_there_is_no_summary_and_nothing_for_utf8_screens() {
        assertThat(new LedCharacterWarnings(List.of(GBK)).warnings(
                ChannelFixtures.content("通知", "今年☃供暖提前。后文有𠀀不上屏。", null, List.of())))
                .singleElement().satisfies(f -> {
                    assertThat(f.field()).isEqualTo("body");
                    assertThat(f.message()).contains("☃").doesNotContain("𠀀");
                });
        assertThat(new LedCharacterWarnings(List.of(UTF8)).warnings(ChannelFixtures.content("☃", "𠀀", null, List.of()))).isEmpty();
        assertThat(new LedCharacterWarnings(List.of(GBK)).warnings(ChannelFixtures.content("2026年“文化惠民”活动（第3期）", "全文。", null, List.of())))
                .as("GB2312 punctuation and ASCII are fine").isEmpty();
    }
}
