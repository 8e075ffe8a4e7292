package cn.gongkai.hub.channel.led;

import cn.gongkai.hub.support.Seeds;
import org.junit.jupiter.api.Test;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LedLayoutTest {
    static final Charset GBK = Charset.forName("GBK");

    static List<String> lines(List<List<String>> pages) {
        return pages.stream().flatMap(List::stream).toList();
    }

    @Test
    void should_count_a_chinese_character_as_two_columns_and_ascii_as_one() {
        assertThat(LedLayout.width("2020年报告")).isEqualTo(4 + 3 * 2);
        assertThat(LedLayout.width("，。")).isEqualTo(4);
    }

    @Test
    void should_lay_a_seed_report_out_within_the_screen_width_and_page_height_losing_nothing() {
        String seed = Seeds.text(3);
        for (int columns : new int[]{4, 5, 16, 33}) {
            List<List<String>> pages = LedLayout.pages(seed, columns, 3, GBK);
            assertThat(pages).allSatisfy(page -> assertThat(page).hasSizeBetween(1, 3));
            assertThat(lines(pages)).allSatisfy(l -> assertThat(LedLayout.width(l)).isBetween(1, columns));
            assertThat(String.join("", lines(pages)).replace(" ", ""))
                    .isEqualTo(seed.replace("\n", "").replace(" ", ""));
        }
    }

    @Test
    void should_fill_a_line_but_move_a_wide_character_that_would_need_half_a_cell_to_the_next_line() {
        List<String> lines = lines(LedLayout.pages("ab政府信息公开", 5, 10, GBK));
        assertThat(lines).containsExactly("ab政", "府信", "息公", "开");
    }

    @Test
    void should_replace_characters_gbk_cannot_encode_and_survive_a_gbk_round_trip() {
        String text = "南通市文化广电和旅游局😀通知𠀀年報\u200d完";
        List<String> lines = lines(LedLayout.pages(text, 12, 4, GBK));
        assertThat(String.join("", lines)).isEqualTo("南通市文化广电和旅游局?通知?年報完");
        for (String line : lines) {
            byte[] bytes = line.getBytes(GBK);
            assertThat(new String(bytes, GBK)).isEqualTo(line);
            assertThat(bytes.length).as("GBK bytes equal columns").isEqualTo(LedLayout.width(line)).isLessThanOrEqualTo(12);
        }
    }

    @Test
    void should_keep_an_emoji_whole_on_a_utf8_screen_and_never_split_its_surrogate_pair() {
        List<String> lines = lines(LedLayout.pages("ab😀😀c😀", 4, 10, StandardCharsets.UTF_8));
        assertThat(lines).containsExactly("ab😀", "😀c", "😀");
        assertThat(lines).allSatisfy(l -> {
            assertThat(Character.isHighSurrogate(l.charAt(l.length() - 1))).isFalse();
            assertThat(Character.isLowSurrogate(l.charAt(0))).isFalse();
        });
    }

    @Test
    void should_start_each_paragraph_on_a_new_line() {
        assertThat(lines(LedLayout.pages("标题\n摘要内容", 20, 4, GBK))).containsExactly("标题", "摘要内容");
    }
}
