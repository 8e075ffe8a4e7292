package cn.gongkai.hub.review.scan;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class ClassificationMarkRuleTest {

    private final ClassificationMarkRule rule = new ClassificationMarkRule();

    private List<Finding> scan(String field, String text) {
        List<Finding> out = new ArrayList<>();
        rule.scan(field, text, out);
        return out;
    }

    private List<Finding> scan(String text) {
        return scan("body", text);
    }

    static Stream<String> seedNames() {
        return Seeds.all().keySet().stream();
    }

    @ParameterizedTest
    @MethodSource("seedNames")
    void should_not_block_any_seed_text(String seed) {
        assertThat(scan(Seeds.all().get(seed)))
                .extracting(Finding::severity)
                .doesNotContain(Severity.BLOCK);
    }

    @Test
    void should_only_warn_on_the_state_secret_row_of_the_annual_report_table() {
        String report = Seeds.named("003");

        assertThat(scan(report))
                .extracting(Finding::severity, Finding::offset, Finding::excerpt)
                .containsExactly(tuple(Severity.WARN, report.indexOf("国家秘密") + 2, "开 | 1.属于国家秘密 | |||||||"));
    }

    @Test
    void should_block_classification_mark_at_its_offset() {
        String seed = Seeds.named("001");
        int lineStart = nthLineStart(seed, 3);
        String marked = seed.substring(0, lineStart) + "机密★1年\n" + seed.substring(lineStart);

        List<Finding> findings = scan(marked);

        assertThat(findings).hasSize(1);
        Finding finding = findings.get(0);
        assertThat(finding.severity()).isEqualTo(Severity.BLOCK);
        assertThat(finding.offset()).isEqualTo(lineStart);
        assertThat(marked.substring(finding.offset())).startsWith("机密★1年");
        assertThat(finding.excerpt()).contains("机密★1年");
        assertThat(finding.id()).isEqualTo("classification-mark:body:" + lineStart);
        assertThat(finding.message()).isEqualTo("发现密级标志“机密”，涉密信息不得公开");
    }

    @Test
    void should_block_internal_material_title() {
        assertThat(scan("title", "内部资料 请勿外传"))
                .extracting(Finding::severity, Finding::field, Finding::offset)
                .containsExactly(
                        tuple(Severity.BLOCK, "title", 0),
                        tuple(Severity.BLOCK, "title", 5));
    }

    @ParameterizedTest
    @ValueSource(strings = {"機密★1年", "絕密★長期", "內部資料", "祕密★", "秘密 ★ 5年", "绝密", "（机密）", "【内部】",
            "〔绝密〕", "[秘密]", "密级：秘密", "密級: 機密", "内部 2024年第3期", "此件不公开", "注意保密", "仅限内部使用"})
    void should_block_marks_in_simplified_and_traditional_characters(String mark) {
        String text = "关于做好2024年政务公开工作的通知\n" + mark + "\n各科室：现将有关事项通知如下。";

        assertThat(scan(text))
                .extracting(Finding::severity)
                .containsExactly(Severity.BLOCK);
    }

    @ParameterizedTest
    @ValueSource(strings = {"揭秘政务公开背后的故事", "揭秘密室逃脱行业乱象", "神秘密码", "落实保密审查制度", "加强保密工作",
            "健全内部控制制度", "开展内部审计", "加强内部管理", "党内部署已经完成", "局机关各处室的內部聯系有待加强",
            "保障信息的机密性、完整性", "涉及商业秘密、个人隐私的信息", "手机密码不要告诉他人", "拒绝密切接触",
            "内部资料性出版物准印证核发", "内部控制\n", "除涉密信息外", "杜绝泄密", "不能出现涉密、内部(包括依申请公开、不公开)文件的名称"})
    void should_ignore_ordinary_words(String text) {
        assertThat(scan(text)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"涉及国家机密的信息不予公开", "属于国家秘密", "严格执行绝密载体管理规定", "对不宜公开的信息进行审查"})
    void should_warn_not_block_on_classification_word_in_a_policy_sentence(String sentence) {
        List<Finding> findings = scan(sentence);

        assertThat(findings).extracting(Finding::severity).containsExactly(Severity.WARN);
        assertThat(findings.get(0).message()).contains("请确认");
    }

    @ParameterizedTest
    @ValueSource(strings = {"本文件属机密级", "本文件属于机密", "本件为机密", "此件系秘密级文件", "该事项属于秘密级",
            "经审查定为绝密", "列为机密", "确定为“秘密”级", "密级为秘密", "密级 是 机密", "本通知属绝密★10年"})
    void should_block_a_text_that_declares_its_own_level(String sentence) {
        List<Finding> findings = scan("关于调整工作安排的通知\n" + sentence + "，请妥善保管。");

        assertThat(findings).extracting(Finding::severity).containsExactly(Severity.BLOCK);
        assertThat(findings.get(0).excerpt()).contains(sentence.substring(sentence.length() - 3));
    }

    @Test
    void should_report_a_declared_level_at_the_level_word() {
        String text = "附件：本文件属机密级";

        assertThat(scan(text)).extracting(Finding::offset, Finding::severity)
                .containsExactly(tuple(text.indexOf("机密"), Severity.BLOCK));
        assertThat(scan(text).get(0).message()).contains("机密");
    }

    @ParameterizedTest
    @ValueSource(strings = {"本文件不属于秘密级", "不得定为绝密", "国家秘密的密级分为绝密级、机密级和秘密级三级",
            "属于国家秘密", "是否属于国家秘密由保密行政管理部门确定", "这是机密"})
    void should_only_warn_when_a_level_is_named_but_not_declared(String sentence) {
        assertThat(scan(sentence)).extracting(Finding::severity).isNotEmpty().containsOnly(Severity.WARN);
    }

    @Test
    void should_report_the_running_text_word_at_its_offset() {
        String sentence = "涉及国家机密的信息不予公开";

        assertThat(scan(sentence))
                .extracting(Finding::offset, Finding::rule)
                .containsExactly(tuple(sentence.indexOf("机密"), "classification-mark"));
    }

    @Test
    void should_not_take_a_line_starting_phrase_for_a_mark() {
        assertThat(scan("秘密载体管理办法")).extracting(Finding::severity).containsExactly(Severity.WARN);
        assertThat(scan("内部控制制度")).isEmpty();
        assertThat(scan("内部\n")).extracting(Finding::severity).containsExactly(Severity.BLOCK);
    }

    @Test
    void should_block_mark_in_attachment_name() {
        assertThat(scan("attachment:工作要点（机密）.docx", "工作要点（机密）.docx"))
                .extracting(Finding::severity, Finding::offset)
                .containsExactly(tuple(Severity.BLOCK, 5));
        assertThat(scan("attachment:机密-工作要点.docx", "机密-工作要点.docx"))
                .extracting(Finding::severity)
                .containsExactly(Severity.BLOCK);
    }

    @Test
    void should_report_a_starred_mark_once() {
        assertThat(scan("秘密★\n")).hasSize(1);
    }

    @Test
    void should_block_a_lone_secrecy_period_and_warn_on_a_lone_star() {
        assertThat(scan("★长期\n正文")).extracting(Finding::severity, Finding::offset)
                .containsExactly(tuple(Severity.BLOCK, 0));
        assertThat(scan("★重点工作安排")).extracting(Finding::severity).containsExactly(Severity.WARN);
        assertThat(scan("游客满意度★★★★★")).isEmpty();
    }

    private static int nthLineStart(String text, int n) {
        int at = 0;
        for (int i = 0; i < n; i++) {
            at = text.indexOf('\n', at) + 1;
        }
        return at;
    }
}
