package cn.gongkai.hub.review.scan;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class ScannerTest {

    private static final RestrictedDocument RESTRICTED =
            new RestrictedDocument("沾文旅发〔2020〕7号", "关于内部事务信息管理的通知", "内部事务信息");
    private static final ScanPolicy POLICY = new ScanPolicy(PersonalInfoSeverities.DEFAULTS,
            List.of(RESTRICTED, new RestrictedDocument("粤办函〔2019〕1号", null, "过程性信息")),
            List.of(new SensitiveWord("舆情", Severity.WARN), new SensitiveWord("群体性事件", Severity.BLOCK)));

    private final Scanner scanner = new Scanner();

    @Test
    void should_produce_no_block_finding_for_any_seed_text() {
        Seeds.all().forEach((name, seed) -> {
            ScanInput in = new ScanInput(name, seed.substring(0, 60), seed, null, null, List.of(name), Map.of(name, seed), Map.of());

            assertThat(scanner.scan(in, POLICY))
                    .as(name)
                    .extracting(Finding::severity)
                    .doesNotContain(Severity.BLOCK);
        });
    }

    @Test
    void should_name_fields_and_sort_by_field_then_offset() {
        Map<String, String> texts = new LinkedHashMap<>();
        texts.put("附件2.txt", "联系人：李某，身份证号11010519491231002X");
        String body = "根据沾文旅发[2020]7号文件，\n机密★1年\n做好舆情回应。";
        ScanInput in = new ScanInput("内部资料：2020年工作要点", "联系电话13812345678", body, "沾文旅发〔2020〕7号",
                "【机密】办公室", List.of("附件1（秘密）.pdf", "附件2.txt"), texts, Map.of());

        List<Finding> findings = scanner.scan(in, POLICY);

        assertThat(findings)
                .extracting(Finding::field, Finding::offset, Finding::rule, Finding::severity)
                .containsExactly(
                        tuple("title", 0, "classification-mark", Severity.BLOCK),
                        tuple("summary", 4, "personal-info", Severity.WARN),
                        tuple("body", 2, "restricted-document", Severity.BLOCK),
                        tuple("body", body.indexOf("机密"), "classification-mark", Severity.BLOCK),
                        tuple("body", body.indexOf("舆情"), "sensitive-word", Severity.WARN),
                        tuple("docNumber", 0, "restricted-document", Severity.BLOCK),
                        tuple("issuer", 1, "classification-mark", Severity.BLOCK),
                        tuple("attachment:附件1（秘密）.pdf", 4, "classification-mark", Severity.BLOCK),
                        tuple("attachment-text:附件2.txt", 11, "personal-info", Severity.BLOCK));
        assertThat(findings).extracting(Finding::id).contains(
                "classification-mark:body:" + body.indexOf("机密"),
                "personal-info:attachment-text:附件2.txt:11");
    }

    @Test
    void should_scan_the_issuer_after_the_doc_number() {
        ScanInput in = new ScanInput("通知", null, "正文", "嘉政办发〔2017〕104号", "【机密】办公室", List.of(), Map.of(), Map.of());

        assertThat(scanner.scan(in, ScanPolicy.defaults()))
                .extracting(Finding::id, Finding::severity)
                .containsExactly(tuple("classification-mark:issuer:1", Severity.BLOCK));
    }

    @Test
    void should_report_an_unread_attachment_as_a_warning_that_must_be_waived() {
        ScanInput in = new ScanInput("通知", null, "正文", null, null, List.of("扫描件.pdf", "说明.txt"),
                Map.of("说明.txt", "联系电话13812345678"), Map.of("扫描件.pdf", "PDF 中没有可提取的文字（可能是扫描件），请人工查看"));

        List<Finding> findings = scanner.scan(in, ScanPolicy.defaults());

        assertThat(findings)
                .extracting(Finding::id, Finding::severity, Finding::waiverRequired, Finding::mustBeWaived)
                .containsExactly(
                        tuple("not-scanned:attachment:扫描件.pdf:0", Severity.WARN, true, true),
                        tuple("personal-info:attachment-text:说明.txt:4", Severity.WARN, false, false));
        assertThat(findings.get(0).message()).isEqualTo("未能扫描：PDF 中没有可提取的文字（可能是扫描件），请人工查看");
        assertThat(findings.get(0).field()).isEqualTo("attachment:扫描件.pdf");
    }

    @Test
    void should_keep_the_blocking_reading_when_source_and_rendered_text_disagree() {
        // as typed, 内部 follows ** and is running text (ignored); rendered, it is a line of its own (a mark)
        ScanInput in = ScanInput.of(null, "**内部**\n正文");

        assertThat(scanner.scan(in, ScanPolicy.defaults()))
                .extracting(Finding::id, Finding::severity)
                .containsExactly(tuple("classification-mark:body:2", Severity.BLOCK));
    }

    @Test
    void should_give_the_same_ids_when_the_same_content_is_scanned_again() {
        ScanInput in = ScanInput.of("关于群体性事件处置的通报", Seeds.named("003") + "\n秘密★\n");
        ScanPolicy samePolicyRebuilt = new ScanPolicy(POLICY.personalInfo(),
                List.copyOf(POLICY.restrictedDocuments()), List.copyOf(POLICY.sensitiveWords()));

        List<Finding> first = scanner.scan(in, POLICY);
        List<Finding> again = new Scanner().scan(in, samePolicyRebuilt);

        assertThat(first).isNotEmpty().isEqualTo(again);
        assertThat(first).extracting(Finding::id).doesNotHaveDuplicates();
    }

    @Test
    void should_recompile_when_the_policy_changes() {
        ScanInput in = ScanInput.of(null, "开展文物普查和非遗保护");
        ScanPolicy wordsA = new ScanPolicy(null, null, List.of(new SensitiveWord("文物", Severity.WARN)));
        ScanPolicy wordsB = new ScanPolicy(null, null, List.of(new SensitiveWord("非遗", Severity.BLOCK)));

        assertThat(scanner.scan(in, wordsA)).extracting(Finding::offset).containsExactly(2);
        assertThat(scanner.scan(in, wordsB)).extracting(Finding::offset, Finding::severity)
                .containsExactly(tuple(7, Severity.BLOCK));
    }

    @Test
    void should_skip_missing_fields() {
        ScanInput in = new ScanInput(null, null, null, null, null, null, null, null);

        assertThat(scanner.scan(in, ScanPolicy.defaults())).isEmpty();
    }
}
