package cn.gongkai.hub.web.console;

import cn.gongkai.hub.support.Flow;
import cn.gongkai.hub.support.Seeds;
import cn.gongkai.hub.support.TestHub;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Year;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 统计与年报 in a real browser, after one item went out on the website and WeChat through the API: the page counts it on
 * both channels and once in all, the monthly chart's image loads (an SVG from a console route) beside its table, and
 * the CSV, .xlsx and the yearly report in html, docx and md download with the session, with their types.
 */
class StatsConsoleIT {
    static final String YEAR = Year.now(ZoneId.of("Asia/Shanghai")).toString();
    static TestHub hub;
    static final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void publish() {
        hub = TestHub.start(TestHub.defaults(null));
        Flow flow = new Flow(hub).users();
        String id = flow.approved(Seeds.itemJson(0, "[\"website\",\"wechat\"]")).get("id").asText();
        assertThat(hub.as("approver", "POST", "/api/items/" + id + "/publish", "{}").status()).isEqualTo(202);
        flow.awaitState(id, "PUBLISHED");
    }

    @AfterAll
    static void stop() {
        hub.close();
    }

    HttpResponse<byte[]> get(String path, String session) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(hub.baseUrl() + path)).header("Cookie", "gkhub_session=" + session).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void should_count_a_published_item_on_its_channels_chart_it_and_offer_the_downloads() throws Exception {
        try (ConsoleBrowser b = ConsoleBrowser.open(hub)) {
            b.signIn("reviewer");
            b.go("/console/stats?year=" + YEAR);
            assertThat(b.text("h1")).isEqualTo(YEAR + "年统计与年报");
            assertThat(b.text("#distinct-items")).isEqualTo("1");
            assertThat(b.text("#stats-channels tr[data-channel=website] td")).as("items on the website").isEqualTo("1");
            assertThat(b.text("#stats-channels tr[data-channel=wechat] td")).as("items on WeChat").isEqualTo("1");
            assertThat(b.all("#stats-channels tr[data-channel=sms] td").stream().map(e -> e.getText()).findFirst().orElse("0"))
                    .as("nothing went out by SMS").isEqualTo("0");
            b.waitFor(d -> (Boolean) b.js("const i = document.getElementById('monthly-chart'); return i.complete && i.naturalWidth > 0;"),
                    "the chart image loaded");
            assertThat(b.find("#monthly-chart").getAttribute("alt")).contains("各渠道每月发布信息条数");
            String month = YEAR + "-" + String.format("%02d", java.time.LocalDate.now(ZoneId.of("Asia/Shanghai")).getMonthValue());
            assertThat(b.text("#monthly-table")).contains(month, "门户网站", "微信公众号");
            b.check("stats.png");

            String session = b.sessionCookie();
            HttpResponse<byte[]> chart = get("/console/stats/chart.svg?year=" + YEAR, session);
            assertThat(chart.statusCode()).isEqualTo(200);
            assertThat(chart.headers().firstValue("Content-Type").orElse("")).startsWith("image/svg+xml");
            assertThat(new String(chart.body(), StandardCharsets.UTF_8)).contains("<svg", "data-channel=\"website\"");

            HttpResponse<byte[]> csv = get(b.find("a[href^='/console/stats/export.csv']").getAttribute("href").replace(b.url(""), ""), session);
            assertThat(csv.statusCode()).isEqualTo(200);
            assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
            assertThat(new String(csv.body(), StandardCharsets.UTF_8)).contains("\"item\",\"website\",\"1\"", "\"item\",\"wechat\",\"1\"");

            HttpResponse<byte[]> xlsx = get("/console/stats/export.xlsx?year=" + YEAR, session);
            assertThat(xlsx.statusCode()).isEqualTo(200);
            assertThat(xlsx.headers().firstValue("Content-Type").orElse("")).startsWith("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
            try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(xlsx.body()))) {
                var sheet = wb.getSheet("发布统计");
                boolean website = false;
                for (int r = 1; r <= sheet.getLastRowNum(); r++) {
                    var row = sheet.getRow(r);
                    website |= row.getCell(2).getStringCellValue().equals("website") && row.getCell(3).getNumericCellValue() == 1;
                }
                assertThat(website).as("the sheet counts the item on the website").isTrue();
            }

            HttpResponse<byte[]> html = get("/console/stats/annual?year=" + YEAR + "&format=html", session);
            assertThat(html.statusCode()).isEqualTo(200);
            assertThat(html.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
            assertThat(new String(html.body(), StandardCharsets.UTF_8)).contains("政府信息公开工作年度报告");
            HttpResponse<byte[]> docx = get("/console/stats/annual?year=" + YEAR + "&format=docx", session);
            assertThat(docx.statusCode()).isEqualTo(200);
            assertThat(docx.headers().firstValue("Content-Type").orElse("")).startsWith("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
            assertThat(docx.headers().firstValue("Content-Disposition").orElse("")).startsWith("attachment");
            assertThat(new String(docx.body(), 0, 2, StandardCharsets.ISO_8859_1)).as("a zip (OOXML)").isEqualTo("PK");
            HttpResponse<byte[]> md = get("/console/stats/annual?year=" + YEAR + "&format=md", session);
            assertThat(md.statusCode()).isEqualTo(200);
            assertThat(md.headers().firstValue("Content-Type").orElse("")).startsWith("text/markdown");

            assertThat(get("/console/stats/export.csv?year=" + YEAR, "not-a-session").statusCode()).as("no session, no file").isEqualTo(303);
        }
    }
}
