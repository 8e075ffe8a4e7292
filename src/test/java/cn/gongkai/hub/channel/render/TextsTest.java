package cn.gongkai.hub.channel.render;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TextsTest {

    @Test
    void should_cut_before_a_surrogate_pair_rather_than_through_it() {
        String s = "ab😀c";
        assertThat(Texts.cut(s, 3)).isEqualTo("ab");
        assertThat(Texts.cut(s, 4)).isEqualTo("ab😀");
        assertThat(Texts.shorten(s, 4, "…")).isEqualTo("ab…");
    }

    @Test
    void should_take_the_first_sentence_or_the_first_line() {
        assertThat(Texts.firstSentence("我局高度重视。现将情况报告如下")).isEqualTo("我局高度重视。");
        assertThat(Texts.firstSentence("一、总体情况\n我局高度重视。")).isEqualTo("一、总体情况");
    }

    @Test
    void should_percent_encode_a_chinese_file_name_as_one_path_segment() {
        assertThat(Texts.pathSegment("附件 1/2.pdf")).isEqualTo("%E9%99%84%E4%BB%B6%201%2F2.pdf");
    }
}
