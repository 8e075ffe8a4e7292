package cn.gongkai.hub.review.scan;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The scan reads a field as it is shown, not only as it was typed (issue 7, item 7): every example the issue
 * quotes, inside a real disclosure text, gives its finding at the offset of the source chars it came from.
 */
class RenderedScanTest {

    private static final String BEFORE = "关于做好2024年政务公开工作的通知\n";
    private static final String AFTER = "\n各科室：现将有关事项通知如下。";

    private final Scanner scanner = new Scanner();

    private List<Finding> scan(String body) {
        return scanner.scan(ScanInput.of("关于做好政务公开工作的通知", body), ScanPolicy.defaults());
    }

    /** Example line, rule, severity, and what the source holds at the finding's offset. */
    static Stream<Arguments> examples() {
        return Stream.of(
                arguments("&#26426;&#23494;", "classification-mark", Severity.BLOCK, "&#26426;"),
                arguments("&#x673A;&#x5BC6;", "classification-mark", Severity.BLOCK, "&#x673A;"),
                arguments("**机**密", "classification-mark", Severity.BLOCK, "机**密"),
                arguments("机<!-- -->密", "classification-mark", Severity.BLOCK, "机<!--"),
                arguments("机\u200b密", "classification-mark", Severity.BLOCK, "机\u200b密"),
                arguments("【内\u200b部】", "classification-mark", Severity.BLOCK, "内\u200b部"),
                arguments("机 密", "classification-mark", Severity.BLOCK, "机 密"),
                arguments("# 内部", "classification-mark", Severity.BLOCK, "内部"),
                arguments("**内部**", "classification-mark", Severity.BLOCK, "内部**"),
                arguments("# 机密", "classification-mark", Severity.BLOCK, "机密"),
                arguments("- 秘密", "classification-mark", Severity.BLOCK, "秘密"),
                arguments("| 名称 | 机密 |", "classification-mark", Severity.BLOCK, "机密 |"),
                arguments("<td>机密</td>", "classification-mark", Severity.BLOCK, "机密</td>"),
                arguments("> 绝密", "classification-mark", Severity.BLOCK, "绝密"),
                arguments("本文件属机密级", "classification-mark", Severity.BLOCK, "机密级"),
                arguments("密级：秘密", "classification-mark", Severity.BLOCK, "秘密"),
                arguments("经审查定为绝密", "classification-mark", Severity.BLOCK, "绝密"),
                arguments("该事项属于秘密级", "classification-mark", Severity.BLOCK, "秘密级"),
                arguments("本件为机密，阅后收回", "classification-mark", Severity.BLOCK, "机密，"),
                arguments("联系人身份证号1101051949 1231002X", "personal-info", Severity.BLOCK, "1101051949 "),
                arguments("联系人身份证号110105.19491231.002X", "personal-info", Severity.BLOCK, "110105.1949"),
                arguments("联系人身份证号110105\u200b19491231\u200b002X", "personal-info", Severity.BLOCK, "110105\u200b"),
                arguments("联系人身份证号110101**19900307**4573", "personal-info", Severity.BLOCK, "110101**1990"),
                arguments("联系人身份证号110105&#49;9491231002X", "personal-info", Severity.BLOCK, "110105&#49;"),
                arguments("联系电话+86 138 1234 5678", "personal-info", Severity.WARN, "+86 138"),
                arguments("联系电话0086 138 1234 5678", "personal-info", Severity.WARN, "0086 138"),
                arguments("联系电话138\u200b1234\u200b5678", "personal-info", Severity.WARN, "138\u200b"),
                arguments("联系电话138.1234.5678", "personal-info", Severity.WARN, "138.1234"));
    }

    @ParameterizedTest
    @MethodSource("examples")
    void should_find_what_a_reader_would_see_at_the_offset_of_its_source(String line, String rule, Severity severity,
                                                                          String atOffset) {
        String body = BEFORE + line + AFTER;

        List<Finding> findings = scan(body).stream().filter(f -> f.field().equals("body")).toList();

        assertThat(findings).as(line).extracting(Finding::rule, Finding::severity)
                .containsExactly(tuple(rule, severity));
        Finding finding = findings.get(0);
        assertThat(body.substring(finding.offset())).as(line).startsWith(atOffset);
        assertThat(finding.id()).isEqualTo(rule + ":body:" + finding.offset());
        assertThat(isCutFromSource(finding, body)).as("excerpt %s is cut from the source", finding.excerpt()).isTrue();
    }

    /** The excerpt is the source around the offset, but for chars masked as {@code *}. */
    private static boolean isCutFromSource(Finding finding, String source) {
        String excerpt = finding.excerpt();
        int from = Math.max(0, finding.offset() - 10);
        if (excerpt.isEmpty() || from + excerpt.length() > source.length()) {
            return false;
        }
        for (int j = 0; j < excerpt.length(); j++) {
            if (excerpt.charAt(j) != '*' && excerpt.charAt(j) != source.charAt(from + j)) {
                return false;
            }
        }
        return true;
    }

    @ParameterizedTest
    @MethodSource("examples")
    void should_give_the_same_finding_ids_on_a_second_scan(String line, String rule, Severity severity, String atOffset) {
        String body = BEFORE + line + AFTER;

        assertThat(new Scanner().scan(ScanInput.of(null, body), ScanPolicy.defaults()))
                .isEqualTo(scanner.scan(ScanInput.of(null, body), ScanPolicy.defaults()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1101051949 1231002X", "110101**19900307**4573", "110105\u200b19491231\u200b002X"})
    void should_mask_the_number_in_the_excerpt_also_when_found_in_the_rendered_text(String id) {
        String body = "身份证号" + id + "。";

        Finding finding = scan(body).get(0);

        assertThat(finding.excerpt().replaceAll("[^0-9Xx]", "")).as(finding.excerpt()).hasSize(10);
    }

    @ParameterizedTest
    @ValueSource(strings = {"涉及国家秘密的信息不予公开", "(三)不予 公开 | 1.属于国家秘密 | ||||||||",
            "国家秘密的密级分为绝密级、机密级和秘密级三级", "本文件不属于秘密级"})
    void should_only_warn_on_policy_sentences_also_when_rendered(String sentence) {
        assertThat(scan(BEFORE + sentence + AFTER)).extracting(Finding::severity).isNotEmpty()
                .containsOnly(Severity.WARN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2017年、2018年和2019年", "2019 2020 2021 2022", "依据嘉政办发〔2017〕104号文件",
            "服务热线0513-12345678", "政务服务热线12345", "客服电话400-820-8820", "资金1,234,567.89元",
            "本年新 制作数量 | 105 | 89 | 89 |", "时间：2020.12.31 至 2021-12-31", "第1~3项", "**2024**年 *第3期*",
            "共 110 105 19 49 12 31 份", "报名时间 2024.05.01 08:30 — 2024.05.10 17:30"})
    void should_keep_ordinary_numbers_clean(String text) {
        assertThat(scan(BEFORE + text + AFTER)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"<b>内部</b>控制制度", "**内部**审计", "内部 控制", "**机密性**", "[链接](http://example.gov.cn/a_b_c)"})
    void should_not_block_ordinary_words_once_markup_is_gone(String text) {
        assertThat(scan("正文说明：" + text)).extracting(Finding::severity).doesNotContain(Severity.BLOCK);
    }
}
