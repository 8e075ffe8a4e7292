package cn.gongkai.hub.web;

import cn.gongkai.hub.stats.FixedAnnualFigures;
import cn.gongkai.hub.support.TestHub;
import cn.gongkai.hub.support.TestHub.Response;
import cn.gongkai.hub.support.TestRedis;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** GET /api/reports/annual and GET /api/stats/chart.svg on a whole hub, over fixed yearly figures. */
class ReportApiIT {
    static TestRedis redis;
    static TestHub hub;

    @BeforeAll
    static void start() {
        redis = TestRedis.start();
        Map<String, Object> props = new java.util.HashMap<>(TestHub.defaults(redis));
        props.put("hub.test.annual-figures", "fixed");
        hub = TestHub.start(props);
        hub.user("reader", "REVIEWER");
    }

    @AfterAll
    static void stop() {
        hub.close();
        redis.close();
    }

    @Test
    void should_hand_out_the_docx_under_its_chinese_name() throws Exception {
        FixedAnnualFigures.YEARS.clear();
        Response r = hub.as("reader", "GET", "/api/reports/annual?year=2026&format=docx", null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).isEqualTo("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
        assertThat(r.header("Content-Disposition")).isEqualTo("attachment; filename=\"annual-report-2026.docx\"; filename*=UTF-8''"
                + java.net.URLEncoder.encode("2026年政府信息公开工作年度报告", java.nio.charset.StandardCharsets.UTF_8) + ".docx");
        assertThat(FixedAnnualFigures.YEARS).containsExactly(2026);
        try (XWPFDocument doc = new XWPFDocument(new ByteArrayInputStream(r.bytes()))) {
            assertThat(doc.getParagraphs().get(0).getText()).isEqualTo("曲靖市沾益区文化和旅游局2026年政府信息公开工作年度报告");
        }
    }

    @Test
    void should_show_the_html_report_inline_without_script_and_markdown_as_a_file() {
        Response html = hub.as("reader", "GET", "/api/reports/annual?year=2025", null);
        assertThat(html.status()).isEqualTo(200);
        assertThat(html.header("Content-Type")).isEqualTo("text/html;charset=UTF-8");
        assertThat(html.header("Content-Disposition")).startsWith("inline; filename=\"annual-report-2025.html\"; filename*=UTF-8''2025%E5%B9%B4");
        assertThat(html.header("Content-Security-Policy")).contains("default-src 'none'");
        assertThat(html.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(html.body()).contains("<title>曲靖市沾益区文化和旅游局2025年政府信息公开工作年度报告</title>", "核对不符（规章）", "<svg");

        Response md = hub.as("reader", "GET", "/api/reports/annual?year=2025&format=md", null);
        assertThat(md.status()).isEqualTo(200);
        assertThat(md.header("Content-Type")).isEqualTo("text/markdown;charset=UTF-8");
        assertThat(md.header("Content-Disposition")).startsWith("attachment; filename=\"annual-report-2025.md\"");
        assertThat(md.body()).startsWith("# 曲靖市沾益区文化和旅游局2025年政府信息公开工作年度报告\n");
    }

    @Test
    void should_serve_the_chart_as_svg() throws Exception {
        Response r = hub.as("reader", "GET", "/api/stats/chart.svg?year=2026", null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).isEqualTo("image/svg+xml;charset=UTF-8");
        var f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        var svg = f.newDocumentBuilder().parse(new ByteArrayInputStream(r.bytes())).getDocumentElement();
        assertThat(svg.getLocalName()).isEqualTo("svg");
        assertThat(svg.getAttribute("role")).isEqualTo("img");
        assertThat(r.body()).contains("2026年各渠道每月发布信息条数");
    }

    @Test
    void should_refuse_a_bad_year_or_format_naming_the_field() {
        for (String query : new String[]{"", "?year=", "?year=twenty", "?year=1999", "?year=10000", "?year=2026.5"}) {
            Response r = hub.as("reader", "GET", "/api/reports/annual" + query, null);
            assertThat(r.status()).as(query).isEqualTo(400);
            assertThat(r.json().at("/errors/0/field").asText()).as(query).isEqualTo("year");
        }
        Response format = hub.as("reader", "GET", "/api/reports/annual?year=2026&format=pdf", null);
        assertThat(format.status()).isEqualTo(400);
        assertThat(format.json().at("/errors/0/field").asText()).isEqualTo("format");
        assertThat(format.json().at("/errors/0/problem").asText()).contains("html, docx, md");
        Response chart = hub.as("reader", "GET", "/api/stats/chart.svg?year=abc", null);
        assertThat(chart.status()).isEqualTo(400);
        assertThat(chart.json().at("/errors/0/field").asText()).isEqualTo("year");
    }

    @Test
    void should_ask_for_sign_in() {
        assertThat(hub.get("/api/reports/annual?year=2026", null, null).status()).isEqualTo(401);
        assertThat(hub.get("/api/stats/chart.svg?year=2026", null, null).status()).isEqualTo(401);
    }
}
