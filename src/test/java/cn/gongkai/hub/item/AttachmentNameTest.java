package cn.gongkai.hub.item;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class AttachmentNameTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "..|'.' or '..'",
            ".|'.' or '..'",
            "通知\u202Etxt.exe|format characters",
            "通知\u202Atxt.exe|U+202A",
            "通知\u2069.txt|U+2069",
            "通知\u200E.txt|U+200E",
            "通知\u200F.txt|U+200F",
            "通知\u200D.txt|U+200D",
            "通知\uFEFF.txt|U+FEFF",
            "通知\u0000.txt|control characters (found U+0000)",
            "通知\u007F.txt|U+007F",
            "通知\u0085.txt|control characters (found U+0085)",
            "通知\u009F.txt|U+009F",
            "目录/通知.txt|/ or \\",
            "目录\\通知.txt|/ or \\",
            "' 通知.txt'|begin or end with a space",
            "'通知.txt '|begin or end with a space",
            "'通知.txt\u3000'|begin or end with a space"})
    void should_name_the_rule_a_bad_name_breaks(String name, String rule) {
        assertThat(AttachmentName.problems(name)).hasSize(1).allSatisfy(p -> assertThat(p).contains(rule));
    }

    @ParameterizedTest
    @ValueSource(ints = {256, 300})
    void should_refuse_names_over_255_utf8_bytes(int bytes) {
        String name = "a".repeat(bytes - 4) + ".txt";
        assertThat(AttachmentName.problems(name)).containsExactly("file name is " + bytes + " bytes long in UTF-8; the limit is 255");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2017年度政府信息公开工作报告.txt", "a.b.c", "...txt", "附件 1（修订稿）.docx", "表😀.xlsx"})
    void should_accept_ordinary_names(String name) {
        assertThat(AttachmentName.problems(name)).isEmpty();
        assertThat(AttachmentName.problems("长".repeat(85))).isEmpty();
    }

    @Test
    void should_report_every_rule_a_name_breaks() {
        assertThat(AttachmentName.problems(" ..\u202E/ ")).hasSize(3);
        assertThat(AttachmentName.problems("")).containsExactly("needs a file name");
    }
}
