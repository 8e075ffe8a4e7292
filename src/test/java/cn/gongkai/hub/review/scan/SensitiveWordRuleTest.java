package cn.gongkai.hub.review.scan;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class SensitiveWordRuleTest {

    private static List<Finding> scan(SensitiveWordRule rule, String text) {
        List<Finding> out = new ArrayList<>();
        rule.scan("summary", text, out);
        return out;
    }

    @Test
    void should_report_every_occurrence_with_its_severity() {
        SensitiveWordRule rule = new SensitiveWordRule(List.of(
                new SensitiveWord("舆情", Severity.WARN),
                new SensitiveWord("群体性事件", Severity.BLOCK)));
        String text = "加强政务舆情回应，妥善处置群体性事件，舆情处置要及时。";

        assertThat(scan(rule, text))
                .extracting(Finding::severity, Finding::offset, Finding::field)
                .containsExactly(
                        tuple(Severity.WARN, 4, "summary"),
                        tuple(Severity.BLOCK, 13, "summary"),
                        tuple(Severity.WARN, 19, "summary"));
    }

    @Test
    void should_match_latin_case_insensitively() {
        SensitiveWordRule rule = new SensitiveWordRule(List.of(new SensitiveWord("VPN", Severity.WARN)));

        assertThat(scan(rule, "使用vpn、Vpn或ＶＰＮ访问")).extracting(Finding::offset).containsExactly(2, 6, 10);
        assertThat(scan(rule, "VPNs")).isEmpty();
    }

    @Test
    void should_find_words_spaced_or_quoted_apart() {
        SensitiveWordRule rule = new SensitiveWordRule(List.of(new SensitiveWord("敏感词", Severity.WARN)));

        assertThat(scan(rule, "这是敏 感 词，那是敏“感”词")).extracting(Finding::offset).containsExactly(2, 10);
    }

    @Test
    void should_report_one_finding_per_offset_preferring_block_then_longest() {
        SensitiveWordRule rule = new SensitiveWordRule(List.of(
                new SensitiveWord("拆迁", Severity.WARN),
                new SensitiveWord("拆迁补偿标准", Severity.WARN),
                new SensitiveWord("拆迁补偿", Severity.BLOCK)));

        List<Finding> findings = scan(rule, "公布拆迁补偿标准");

        assertThat(findings).extracting(Finding::severity, Finding::offset).containsExactly(tuple(Severity.BLOCK, 2));
        assertThat(findings.get(0).message()).contains("“拆迁补偿”");
    }

    @Test
    void should_find_nothing_with_an_empty_list() {
        assertThat(scan(new SensitiveWordRule(List.of()), Seeds.named("002"))).isEmpty();
    }
}
