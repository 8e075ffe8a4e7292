package cn.gongkai.hub.review.scan;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NormalizedTextTest {

    @Test
    void should_fold_brackets_widths_spaces_and_title_marks() {
        assertThat(NormalizedText.key("嘉政办发［２０１７］１０４号")).isEqualTo("嘉政办发(2017)104号");
        assertThat(NormalizedText.key("嘉政办发 〔2017〕 104 号")).isEqualTo("嘉政办发(2017)104号");
        assertThat(NormalizedText.key("嘉政办发【2017】104号")).isEqualTo("嘉政办发(2017)104号");
        assertThat(NormalizedText.key("关于印发 <嘉峪关市2017年政务公开工作要点> 的通知"))
                .isEqualTo(NormalizedText.key("关于印发《嘉峪关市2017年政务公开工作要点》的通知"));
        assertThat(NormalizedText.key("GKB-2017")).isEqualTo("gkb-2017");
    }

    @Test
    void should_map_folded_positions_to_original_offsets() {
        String original = "见　嘉政办发 ［２０１７］ １０４号";
        NormalizedText folded = NormalizedText.of(original);

        String text = new String(folded.chars, 0, folded.length);
        int start = text.indexOf("嘉");
        int end = text.indexOf("号") + 1;

        assertThat(folded.start(start)).isEqualTo(original.indexOf('嘉'));
        assertThat(folded.end(end)).isEqualTo(original.length());
    }
}
