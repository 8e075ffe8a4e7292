package cn.gongkai.hub.review.scan;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SeverityTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void should_serialise_severity_in_lower_case() throws Exception {
        assertThat(json.writeValueAsString(Severity.BLOCK)).isEqualTo("\"block\"");
        assertThat(json.readValue("\"warn\"", Severity.class)).isEqualTo(Severity.WARN);
    }

    @Test
    void should_serialise_finding_with_lower_case_severity() throws Exception {
        Finding finding = Finding.of("classification-mark", Severity.BLOCK, "title", "机密★1年", 0, 2, "发现密级标志“机密”，涉密信息不得公开");

        assertThat(json.writeValueAsString(finding))
                .contains("\"severity\":\"block\"")
                .contains("\"id\":\"classification-mark:title:0\"")
                .contains("\"excerpt\":\"机密★1年\"");
    }
}
