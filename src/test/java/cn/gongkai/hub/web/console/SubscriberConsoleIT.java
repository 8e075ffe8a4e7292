package cn.gongkai.hub.web.console;

import cn.gongkai.hub.support.Seeds;
import cn.gongkai.hub.support.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.WebElement;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 订阅与通知 in a real browser: an editor uploads a CSV with one bad row (a tag of an unknown dimension) through the
 * form, watches the import page reach 完成 without reloading it, reads the bad row in the report; lists the
 * subscribers with their mobiles masked; ticks a tag in the segment builder and sees the count change without a
 * reload; drafts a notice for that segment and finds it among the notices with its report.
 */
class SubscriberConsoleIT {
    /** Enough rows that the import is still running when its page first shows. */
    static final int ROWS = 6_000;
    static TestHub hub;

    @BeforeAll
    static void start() {
        hub = TestHub.start(TestHub.defaults(null));
        hub.user("editor", "EDITOR");
    }

    @AfterAll
    static void stop() {
        hub.close();
    }

    static Object count(ConsoleBrowser b) {
        return b.js("const e = document.getElementById('segment-count'); return e ? e.textContent.trim() : null;");
    }

    @Test
    void should_import_list_segment_and_draft_a_notice(@TempDir Path dir) throws Exception {
        StringBuilder csv = new StringBuilder("姓名,手机号,邮箱,微信openid,QQ号,标签,首选渠道,同意渠道\n");
        csv.append("张三,13812345678,zhangsan@example.cn,,,区域:崇川区;群体:老年人,短信,短信\n");
        csv.append("李四,13900001111,,,,区域:港闸区,短信,短信\n");
        csv.append("王五,13700002222,,,,星座:天蝎座,短信,短信\n");
        for (int i = 0; i < ROWS; i++) {
            csv.append("居民").append(i).append(',').append(String.format("135%08d", i)).append(",,,,")
                    .append(i % 2 == 0 ? "区域:崇川区" : "区域:港闸区").append(",短信,短信\n");
        }
        Path file = dir.resolve("2026年政务大厅登记名单.csv");
        Files.writeString(file, csv, StandardCharsets.UTF_8);

        try (ConsoleBrowser b = ConsoleBrowser.open(hub)) {
            b.signIn("editor");
            b.go("/console/subscribers");
            b.find("#file").sendKeys(file.toAbsolutePath().toString());
            b.find("#consentSource").sendKeys("2026年政务大厅登记表");
            b.find("form[enctype='multipart/form-data'] button[type=submit]").click();
            b.waitFor(d -> d.getCurrentUrl().contains("/console/subscribers/imports/"), "on the import's page");
            assertThat(b.text("h1")).isEqualTo("订阅者导入");
            String first = b.text("#import-state");
            b.js("window.__samePage = true;");
            b.waitFor(d -> "完成".equals(b.js("const e = document.getElementById('import-state'); return e ? e.textContent.trim() : null;")),
                    "the import done");
            assertThat(b.js("return window.__samePage === true;")).as("progress came in without a reload").isEqualTo(true);
            assertThat(first).as("the page first showed the import running (else the polling went untested)").isEqualTo("正在导入");
            assertThat(b.text("#rows-read")).isEqualTo(Integer.toString(ROWS + 3));
            assertThat(b.text("#rows-imported")).isEqualTo(Integer.toString(ROWS + 2));
            assertThat(b.text("#rows-refused")).isEqualTo("1");
            List<WebElement> cells = b.all("#bad-rows tbody tr:first-child td");
            assertThat(cells.get(0).getText()).as("row number (the header is row 1)").isEqualTo("4");
            assertThat(cells.get(1).getText()).isEqualTo("标签");
            assertThat(cells.get(2).getText()).contains("星座");
            b.check("subscriber-import.png");

            b.go("/console/subscribers?tag=" + java.net.URLEncoder.encode("群体:老年人", StandardCharsets.UTF_8));
            assertThat(b.all("table tbody tr")).hasSize(1);
            assertThat(b.text("td.mobile")).isEqualTo("138****5678");
            assertThat(b.driver.getPageSource()).doesNotContain("13812345678").doesNotContain("zhangsan@example.cn");
            b.go("/console/subscribers");
            assertThat(b.all("td.mobile")).hasSize(SubscriberConsoleController.PAGE);
            assertThat(b.all("td.mobile").stream().map(WebElement::getText)).allMatch(m -> m.matches("1[0-9]{2}\\*{4}[0-9]{4}"));
            b.check("subscribers.png");

            b.go("/console/segments");
            b.waitFor(d -> !b.all("#segment-count").isEmpty(), "the first count");
            assertThat(b.text("#segment-count")).as("no condition: everyone").isEqualTo(Integer.toString(ROWS + 2));
            b.js("window.__samePage = true;");
            b.find("input[name=all][value='区域:崇川区']").click();
            String chongchuan = Integer.toString(ROWS / 2 + 1);
            b.waitFor(d -> chongchuan.equals(count(b)), "the count of 区域:崇川区");
            b.find("input[name=all][value='群体:老年人']").click();
            b.waitFor(d -> "1".equals(count(b)), "the count of 崇川区 and 老年人");
            assertThat(b.text("#segment-sample")).contains("张三", "138****5678").doesNotContain("13812345678");
            assertThat(b.js("return window.__samePage === true;")).as("counted without a reload").isEqualTo(true);
            b.check("segments.png");

            b.find("form[action='/console/notices/new'] button[type=submit]").click();
            b.waitFor(d -> d.getCurrentUrl().contains("/console/notices/new"), "on the notice form");
            assertThat(b.find("input[name=all][value='群体:老年人']").isSelected()).as("the segment came along").isTrue();
            b.find("#title").sendKeys("关于开展2026年老年人免费体检的通知");
            b.find("#ch-sms").click();
            b.js("document.getElementById('body').removeAttribute('required');"); // the server must refuse it too
            b.find("form[action='/console/notices/new'] button[type=submit].primary").click();
            b.waitFor(d -> !b.all(".error").isEmpty(), "the form back with its errors");
            assertThat(b.text(".error")).as("the body is required: refused, what was typed kept").contains("body");
            assertThat(b.find("#title").getAttribute("value")).isEqualTo("关于开展2026年老年人免费体检的通知");
            assertThat(b.find("#ch-sms").isSelected()).isTrue();
            b.find("#body").sendKeys(Seeds.text(1).substring(0, 200));
            b.find("form[action='/console/notices/new'] button[type=submit].primary").click();
            b.waitFor(d -> d.getCurrentUrl().contains("/report"), "on the notice's report");
            assertThat(b.text(".notice")).contains("通知草稿已保存");
            assertThat(b.text("main")).contains("草稿", "群体:老年人");
            assertThat(b.find("a[href^='/console/items/']").getAttribute("href")).matches(".*/console/items/[^/]+$");
            b.check("notice-report.png");

            b.go("/console/notices");
            assertThat(b.text("table")).contains("关于开展2026年老年人免费体检的通知", "短信", "草稿");
            b.check("notices.png");
        }
    }
}
