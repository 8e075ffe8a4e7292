package cn.gongkai.hub.review.scan;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class RestrictedDocumentRuleTest {

    private static final RestrictedDocument NOTICE = new RestrictedDocument("嘉政办发〔2017〕104号",
            "嘉峪关市人民政府办公室关于印发《嘉峪关市2017年政务公开工作要点》的通知", "内部文件，不对外公开");

    private static List<Finding> scan(RestrictedDocumentRule rule, String text) {
        List<Finding> out = new ArrayList<>();
        rule.scan("body", text, out);
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"嘉政办发〔2017〕104号", "嘉政办发[2017]104号", "嘉政办发［２０１７］１０４号", "嘉政办发(2017)104号",
            "嘉政办发（2017）104号", "嘉政办发【2017】104号", "嘉政办发 〔2017〕 104 号"})
    void should_find_doc_number_written_with_any_brackets_and_widths(String written) {
        String text = "根据" + written + "文件精神，制定本方案。";

        assertThat(scan(new RestrictedDocumentRule(List.of(NOTICE)), text))
                .extracting(Finding::severity, Finding::offset, Finding::rule)
                .containsExactly(tuple(Severity.BLOCK, 2, "restricted-document"));
    }

    @Test
    void should_report_offsets_of_the_original_text_in_a_seed() {
        String seed = Seeds.named("004");
        RestrictedDocumentRule rule = new RestrictedDocumentRule(List.of(NOTICE));

        List<Finding> findings = scan(rule, seed);

        // the seed writes the title with spaces and <> and the number with [] right after it
        int title = seed.indexOf("嘉峪关市人民政府办公室关于印发");
        int number = seed.indexOf("嘉政办发[2017]104号");
        assertThat(findings).extracting(Finding::offset).containsExactly(title, number);
        assertThat(findings.get(1).excerpt()).isEqualTo("工作要点> 的通知》嘉政办发[2017]104号文件精神,进一步推动");
        assertThat(findings).allSatisfy(f -> assertThat(f.message()).contains("内部文件，不对外公开"));
        assertThat(findings.get(1).message()).contains("文号“嘉政办发〔2017〕104号”");
        assertThat(findings.get(0).message()).contains("标题《");
    }

    @Test
    void should_map_offsets_past_full_width_and_spaces() {
        String text = "　　见 嘉政办发 ［２０１７］ １０４号。另见嘉政办发(2017)104号";
        RestrictedDocumentRule rule = new RestrictedDocumentRule(List.of(NOTICE));

        assertThat(scan(rule, text))
                .extracting(Finding::offset)
                .containsExactly(text.indexOf("嘉政办发 ［"), text.indexOf("嘉政办发(2017)"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"嘉政办发〔2017〕105号", "嘉政办发〔2016〕104号", "嘉政办发〔2017〕1040号", "嘉政发〔2017〕104号",
            "嘉峪关市2017年政务公开工作要点"})
    void should_not_match_other_documents(String text) {
        assertThat(scan(new RestrictedDocumentRule(List.of(NOTICE)), text)).isEmpty();
    }

    @Test
    void should_not_match_latin_doc_number_inside_a_longer_one() {
        RestrictedDocumentRule rule = new RestrictedDocumentRule(
                List.of(new RestrictedDocument("GK-2017-1", null, "工作秘密")));

        assertThat(scan(rule, "编号GK-2017-12的文件")).isEmpty();
        assertThat(scan(rule, "编号ｇｋ－2017－1的文件")).extracting(Finding::offset).containsExactly(2);
    }

    @Test
    void should_find_the_one_entry_among_thousands() {
        List<RestrictedDocument> register = new ArrayList<>();
        for (int n = 1; n <= 3000; n++) {
            register.add(new RestrictedDocument("中文旅发〔2019〕" + n + "号", "关于第" + n + "批文物保护项目的内部通知", "第" + n + "号"));
        }
        RestrictedDocumentRule rule = new RestrictedDocumentRule(register);
        String text = "依据中文旅发[2019]2718号，另见中文旅发〔2018〕2718号。";

        List<Finding> findings = scan(rule, text);

        assertThat(findings).extracting(Finding::offset).containsExactly(2);
        assertThat(findings.get(0).message()).contains("中文旅发〔2019〕2718号").endsWith("（第2718号）");
    }

    @Test
    void should_report_the_longest_entry_once_when_entries_overlap() {
        RestrictedDocumentRule rule = new RestrictedDocumentRule(List.of(
                new RestrictedDocument(null, "政务公开工作要点", "甲"),
                new RestrictedDocument(null, "政务公开工作要点的通知", "乙")));

        List<Finding> findings = scan(rule, "印发政务公开工作要点的通知");

        assertThat(findings).hasSize(1);
        assertThat(findings.get(0).message()).endsWith("（乙）");
    }

    @Test
    void should_ignore_entries_too_short_to_be_a_document() {
        RestrictedDocumentRule rule = new RestrictedDocumentRule(List.of(new RestrictedDocument(null, "通知", "太短")));

        assertThat(scan(rule, "关于……的通知")).isEmpty();
    }
}
