package cn.gongkai.hub.web;

import org.junit.jupiter.api.Test;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ContentDispositionTest {

    @Test
    void should_percent_encode_a_chinese_file_name_as_rfc_8187_says() {
        String value = ContentDisposition.attachment("2026年政府信息公开工作年度报告.docx", "annual-report-2026.docx");
        assertThat(value).isEqualTo("attachment; filename=\"annual-report-2026.docx\"; filename*=UTF-8''2026%E5%B9%B4%E6%94%BF%E5%BA%9C"
                + "%E4%BF%A1%E6%81%AF%E5%85%AC%E5%BC%80%E5%B7%A5%E4%BD%9C%E5%B9%B4%E5%BA%A6%E6%8A%A5%E5%91%8A.docx");
    }

    @Test
    void should_encode_every_byte_outside_attr_char() {
        // space, quote, apostrophe, star, percent, semicolon and comma would end or corrupt the parameter
        assertThat(ContentDisposition.encode("a b\"c'd*e%f;g,h")).isEqualTo("a%20b%22c%27d%2Ae%25f%3Bg%2Ch");
        assertThat(ContentDisposition.encode("!#$&+-.^_`|~")).isEqualTo("!#$&+-.^_`|~");
        String name = "报告 (终稿)*.md";
        assertThat(URLDecoder.decode(ContentDisposition.encode(name), StandardCharsets.UTF_8)).isEqualTo(name);
    }

    @Test
    void should_keep_the_ascii_fallback_a_plain_token() {
        assertThat(ContentDisposition.inline("年报.html", "a \"b\";c.html")).startsWith("inline; filename=\"a__b__c.html\"; filename*=UTF-8''");
    }
}
