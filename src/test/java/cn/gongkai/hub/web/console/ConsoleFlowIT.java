package cn.gongkai.hub.web.console;

import cn.gongkai.hub.support.Seeds;
import cn.gongkai.hub.support.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole daily flow in the console, as three people in three browsers on one hub with embedded defaults:
 * 张敏 (editor) drafts a seed report with a planted 机密 mark and a Chinese attachment, sees every channel's
 * preview, submits and sees the mark highlighted, fixes it and submits again; 李审 (first review) and 王批 (final
 * approval) each see what changed and approve; 王批 publishes, watches the progress reach 已发布 without a reload, and
 * withdraws. Every page passes axe-core; the screenshots ({@code target/screenshots/flow-*.png}) illustrate
 * docs/操作手册.md.
 */
class ConsoleFlowIT {
    static TestHub hub;
    static final List<String> CHANNELS = List.of("website", "wechat", "sms", "qq", "led", "press-email");

    @BeforeAll
    static void start() {
        hub = TestHub.start(TestHub.defaults(null));
        person("zhangmin", "张敏", "EDITOR");
        person("lishen", "李审", "REVIEWER");
        person("wangpi", "王批", "APPROVER");
    }

    static void person(String username, String name, String role) {
        TestHub.Response r = hub.post("/api/users", "{\"username\":\"" + username + "\",\"displayName\":\"" + name + "\",\"roles\":[\""
                + role + "\"],\"password\":\"" + TestHub.password(username) + "\"}", "admin", TestHub.ADMIN_PASSWORD);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        if (hub != null) {
            hub.close();
        }
    }

    static String state(String id) {
        return hub.get("/api/items/" + id, "admin", TestHub.ADMIN_PASSWORD).json().get("state").asText();
    }

    static String live(ConsoleBrowser b, String css) {
        Object t = b.js("const e = document.querySelector(arguments[0]); return e ? e.textContent.trim() : null;", css);
        return t == null ? null : t.toString();
    }

    @Test
    void should_take_one_item_from_draft_to_withdrawal_as_editor_reviewer_and_approver() throws Exception {
        String title = Seeds.title(1);
        String body = Seeds.text(1);
        String id;
        try (ConsoleBrowser editor = ConsoleBrowser.open(hub)) {
            editor.signIn("zhangmin");
            assertThat(editor.text(".top .who")).contains("张敏");
            editor.go("/console/items");
            editor.find("a[href='/console/items/new']").click();
            editor.find("#title").sendKeys(title);
            editor.js("document.querySelector('#body').value = arguments[0];", "（机密）\n" + body);
            editor.find("#summary").sendKeys("2018年政务公开工作要点");
            new Select(editor.find("#category")).selectByVisibleText("业务工作");
            editor.find("#issuer").sendKeys("市文化广电和旅游局");
            assertThat(editor.all("input[name=channels]:checked")).as("every channel").hasSize(CHANNELS.size());
            editor.check("flow-1-edit.png");
            editor.find("form.item-form button[type=submit]").click();
            assertThat(editor.text(".notice")).isEqualTo("信息已保存为草稿。");
            String url = editor.driver.getCurrentUrl().replaceAll("\\?.*$", "");
            id = url.substring(url.lastIndexOf('/') + 1);

            Path dir = Files.createTempDirectory("flow-upload");
            Path file = dir.resolve("2018年政务公开任务分解表.txt");
            Files.writeString(file, "2018年政务公开任务分解表\n一、推进决策公开\t办公室\t全年\n", StandardCharsets.UTF_8);
            editor.find("#file").sendKeys(file.toAbsolutePath().toString());
            editor.find("form.upload button[type=submit]").click();
            assertThat(editor.text(".notice")).isEqualTo("附件已上传。");
            assertThat(editor.text("table.attachments")).contains("2018年政务公开任务分解表.txt");
            TestHub.deleteTree(dir);
            editor.check("flow-2-item.png");

            editor.find("a[href='/console/items/" + id + "/preview']").click();
            for (String ch : CHANNELS) {
                assertThat(editor.all("#channel-" + ch)).as("the preview of " + ch).hasSize(1);
            }
            assertThat(editor.text("#channel-sms")).containsPattern("条数\\s*\\d+ 条");
            assertThat(editor.text("#channel-press-email")).contains("2018年政务公开任务分解表.txt");
            editor.check("flow-3-preview.png");

            editor.go("/console/items/" + id);
            editor.find("form[action$='/submit'] button").click();
            assertThat(editor.text("h1")).isEqualTo("未能提交审查");
            WebElement mark = editor.find("mark.block");
            assertThat(mark.getText()).isEqualTo("机密");
            editor.check("flow-4-findings.png");
            assertThat(state(id)).isEqualTo("DRAFT");

            editor.find("a[href='/console/items/" + id + "/edit']").click();
            editor.js("document.querySelector('#body').value = arguments[0];", body);
            editor.find("form.item-form button[type=submit]").click();
            editor.find("form[action$='/submit'] button").click();
            assertThat(editor.text(".notice")).isEqualTo("已提交审查。");
            assertThat(state(id)).isEqualTo("IN_REVIEW");
            editor.check("flow-5-submitted.png");
        }

        String hash = hub.get("/api/items/" + id, "admin", TestHub.ADMIN_PASSWORD).json().get("contentHash").asText();
        try (ConsoleBrowser reviewer = ConsoleBrowser.open(hub)) {
            reviewer.signIn("lishen");
            assertThat(reviewer.text("#my-reviews")).contains(title).contains("初审");
            reviewer.check("flow-6-dashboard.png");
            reviewer.go("/console/reviews");
            reviewer.driver.findElement(By.linkText(title)).click();
            assertThat(reviewer.text("#content-hash")).isEqualTo(hash);
            assertThat(reviewer.find("#diff-previous").getText()).contains("上一版");
            assertThat(reviewer.all("#diff del").stream().map(WebElement::getText).toList())
                    .as("the reviewer sees the mark taken out").anySatisfy(d -> assertThat(d).contains("机密"));
            reviewer.check("flow-7-review.png");
            reviewer.find("#comment").sendKeys("已核对，无涉密内容");
            reviewer.find("#review-form button[type=submit]").click();
            assertThat(reviewer.text(".notice")).isEqualTo("初审已通过，已转终审。");
        }

        try (ConsoleBrowser approver = ConsoleBrowser.open(hub)) {
            approver.signIn("wangpi");
            assertThat(approver.text("#my-reviews")).contains(title).contains("终审");
            approver.go("/console/reviews/" + id);
            assertThat(approver.text("dl.facts")).contains("初审人：lishen");
            assertThat(approver.text("#content-hash")).isEqualTo(hash);
            assertThat(approver.all("#diff del").stream().map(WebElement::getText).toList()).anySatisfy(d -> assertThat(d).contains("机密"));
            approver.find("#comment").sendKeys("同意公开");
            approver.find("#review-form button[type=submit]").click();
            assertThat(approver.text(".notice")).isEqualTo("终审已批准，可以发布。");
            assertThat(state(id)).isEqualTo("APPROVED");

            approver.go("/console/publishing/" + id);
            approver.check("flow-8-publish.png");
            approver.find("#publish-form button[type=submit]").click();
            approver.waitFor(d -> d.getCurrentUrl().contains("published=1"), "back on the publishing page");
            approver.js("window.__samePage = 'yes';");
            approver.waitFor(d -> "已发布".equals(live(approver, "#item-state")), "已发布 without a reload");
            assertThat(approver.js("return window.__samePage;")).as("the page was never reloaded").isEqualTo("yes");
            for (String ch : CHANNELS) {
                assertThat(approver.all("[data-channel=" + ch + "]")).as("progress of " + ch).isNotEmpty();
            }
            assertThat(state(id)).isEqualTo("PUBLISHED");
            approver.check("flow-9-published.png");

            approver.find("#reason").sendKeys("附件版本有误，更正后重新发布");
            approver.find("#withdraw-form button[type=submit]").click();
            assertThat(approver.text("#withdrawal-reason")).isEqualTo("附件版本有误，更正后重新发布");
            approver.waitFor(d -> live(approver, "#withdrawal-table [data-channel=website]") != null, "the website's line of the report");
            assertThat(state(id)).isEqualTo("WITHDRAWN");
            approver.check("flow-10-withdrawal.png");
        }
    }
}
