package cn.gongkai.hub.review.scan;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FindingTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void should_read_a_stored_finding_that_has_no_waiver_required_flag() throws Exception {
        String stored = "{\"id\":\"personal-info:body:4\",\"rule\":\"personal-info\",\"severity\":\"warn\","
                + "\"field\":\"body\",\"excerpt\":\"电话138****5678\",\"offset\":4,\"message\":\"发现手机号码\"}";

        Finding finding = json.readValue(stored, Finding.class);

        assertThat(finding.waiverRequired()).isFalse();
        assertThat(finding.mustBeWaived()).isFalse();
        assertThat(finding.offset()).isEqualTo(4);
    }

    @Test
    void should_write_and_read_back_the_flag_but_not_the_derived_must_be_waived() throws Exception {
        Finding unread = Finding.notScanned("扫描件.pdf", "PDF 已加密");

        String written = json.writeValueAsString(unread);

        assertThat(written).contains("\"waiverRequired\":true").doesNotContain("mustBeWaived");
        assertThat(json.readValue(written, Finding.class)).isEqualTo(unread);
    }

    @Test
    void should_need_a_waiver_for_blocking_and_unscanned_findings_only() {
        Finding block = Finding.of("classification-mark", Severity.BLOCK, "body", "机密", 0, 2, "m");
        Finding warn = Finding.of("classification-mark", Severity.WARN, "body", "机密", 0, 2, "m");

        assertThat(block.mustBeWaived()).isTrue();
        assertThat(warn.mustBeWaived()).isFalse();
        assertThat(Finding.notScanned("a.png", "图片").mustBeWaived()).isTrue();
    }
}
