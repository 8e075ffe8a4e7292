package cn.gongkai.hub.web.console;

import cn.gongkai.hub.support.ChannelConfigs;
import cn.gongkai.hub.support.Flow;
import cn.gongkai.hub.support.Seeds;
import cn.gongkai.hub.support.TestHub;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The review side of the console in a real browser, on one hub whose SMS list has eight numbers at 4 SMS a second (so
 * a publication takes a couple of seconds and its progress can be watched): the queue and the dashboard, a first review
 * and a final approval, the diff against the approved version, refusals (the editor, by hand too; the first reviewer
 * at the final stage), publishing with live progress, the withdrawal report, and the delivery pages.
 */
class ReviewConsoleIT {
    static TestHub hub;
    static Flow flow;
    static Path config;
    static final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void start() throws Exception {
        config = ChannelConfigs.copy(Files.createTempDirectory("review-console").resolve("channel-config"));
        ChannelConfigs.set(config, "sms", "rate: 4/s\n" + ChannelConfigs.smsList("citizens", 8));
        Map<String, Object> p = TestHub.defaults(null);
        p.put("hub.channel-config-dir", config.toString());
        hub = TestHub.start(p);
        flow = new Flow(hub).users();
        hub.user("senior", "REVIEWER", "APPROVER");
        hub.user("operator", "ADMIN");
    }

    @AfterAll
    static void stop() {
        if (hub != null) {
            hub.close();
        }
        if (config != null) {
            TestHub.deleteTree(config.getParent());
        }
    }

    static JsonNode submitted(int seed, String channels) {
        JsonNode item = flow.create(Seeds.itemJson(seed, channels));
        flow.submit(item.get("id").asText());
        return item;
    }

    @Test
    void should_take_an_item_through_first_and_final_review_and_show_what_changed_in_the_next_version() throws Exception {
        JsonNode item = submitted(0, "[\"website\"]");
        String id = item.get("id").asText();
        String hash = item.get("contentHash").asText();
        String title = item.get("title").asText();
        try (ConsoleBrowser reviewer = ConsoleBrowser.open(hub); ConsoleBrowser approver = ConsoleBrowser.open(hub)) {
            reviewer.signIn("reviewer");
            assertThat(reviewer.text("#my-reviews")).as("the reviewer's dashboard").contains(title).contains("初审");
            reviewer.check("dashboard-reviewer.png");

            reviewer.go("/console/reviews");
            assertThat(reviewer.text("#queue-first")).contains(title);
            reviewer.check("reviews-queue.png");
            reviewer.driver.findElement(org.openqa.selenium.By.linkText(title)).click();
            assertThat(reviewer.driver.getCurrentUrl()).isEqualTo(reviewer.url("/console/reviews/" + id));
            assertThat(reviewer.text("#content-hash")).as("the hash shown in full").isEqualTo(hash).hasSize(hash.length());
            assertThat(reviewer.text("#diff-none")).isEqualTo("首次审查，无已批准版本。");
            reviewer.check("review-page.png");
            reviewer.find("#review-form button[type=submit]").click();
            assertThat(reviewer.text(".notice")).isEqualTo("初审已通过，已转终审。");
            assertThat(hub.as("editor", "GET", "/api/items/" + id, null).json().get("state").asText()).isEqualTo("IN_REVIEW");

            approver.signIn("approver");
            assertThat(approver.text("#my-reviews")).contains(title).contains("终审");
            approver.go("/console/reviews/" + id);
            assertThat(approver.text("dl.facts")).contains("终审").contains("初审人：reviewer");
            approver.find("#comment").sendKeys("同意公开");
            approver.find("#review-form button[type=submit]").click();
            assertThat(approver.text(".notice")).isEqualTo("终审已批准，可以发布。");
            assertThat(hub.as("editor", "GET", "/api/items/" + id, null).json().get("state").asText()).isEqualTo("APPROVED");

            assertThat(hub.as("approver", "POST", "/api/items/" + id + "/publish", "").status()).isEqualTo(202);
            flow.awaitState(id, "PUBLISHED");
            ObjectNode v2 = (ObjectNode) TestHub.JSON.readTree(Seeds.itemJson(0, "[\"website\"]"));
            v2.put("title", title + "（修订）");
            v2.put("summary", "政府信息公开工作年报");
            TestHub.Response put = hub.as("editor", "PUT", "/api/items/" + id, v2.toString());
            assertThat(put.status()).as(put.body()).isEqualTo(200);
            String hash2 = put.json().get("contentHash").asText();
            flow.submit(id);
            assertThat(flow.review("reviewer", id, "first", "approve", hash2).status()).isEqualTo(200);

            approver.go("/console/reviews/" + id);
            assertThat(approver.text("#content-hash")).isEqualTo(hash2);
            List<String> inserted = approver.all("#diff ins").stream().map(WebElement::getText).toList();
            List<String> deleted = approver.all("#diff del").stream().map(WebElement::getText).toList();
            assertThat(inserted).as("added words").contains("（修订）");
            assertThat(String.join("", deleted)).as("removed words of the summary").contains("度").contains("告");
            assertThat(approver.text("#diff")).contains("标题").contains("摘要").doesNotContain("正文");
            approver.check("review-diff.png");
        }
    }

    @Test
    void should_refuse_the_review_page_and_a_hand_made_review_to_an_editor() throws Exception {
        JsonNode item = submitted(1, "[\"website\"]");
        String id = item.get("id").asText();
        try (ConsoleBrowser editor = ConsoleBrowser.open(hub)) {
            editor.signIn("editor");
            editor.go("/console/reviews/" + id);
            assertThat(editor.text("h1")).isEqualTo("无权访问");
            String csrf = editor.find("body").getAttribute("data-csrf");
            assertThat(csrf).isNotBlank();
            String form = "_csrf=" + enc(csrf) + "&stage=first&decision=approve&comment=&contentHash=" + item.get("contentHash").asText();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(hub.baseUrl() + "/console/reviews/" + id))
                    .header("Cookie", "gkhub_session=" + editor.sessionCookie())
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(r.body()).contains("无权访问");
        }
        assertThat(hub.as("editor", "GET", "/api/items/" + id, null).json().get("state").asText()).as("nothing reviewed").isEqualTo("IN_REVIEW");
    }

    @Test
    void should_refuse_the_final_approval_to_the_first_reviewer_in_words_and_ask_for_a_comment_to_reject() {
        JsonNode item = submitted(3, "[\"website\"]");
        String id = item.get("id").asText();
        try (ConsoleBrowser senior = ConsoleBrowser.open(hub)) {
            senior.signIn("senior");
            senior.go("/console/reviews/" + id);
            senior.find("#decision-reject").click();
            senior.find("#review-form button[type=submit]").click();
            assertThat(senior.text("#comment-error")).isEqualTo("退回时必须填写审查意见，说明需要修改什么。");
            assertThat(senior.find("#decision-reject").isSelected()).as("what was chosen is kept").isTrue();

            senior.find("#decision-approve").click();
            senior.find("#review-form button[type=submit]").click();
            assertThat(senior.text(".notice")).isEqualTo("初审已通过，已转终审。");
            senior.go("/console/reviews/" + id);
            assertThat(senior.text("dl.facts")).contains("终审");
            senior.find("#review-form button[type=submit]").click();
            assertThat(senior.text("#review-refusal")).contains("您已做过这一版本的初审").contains("终审必须由另一位审批人完成");
            senior.axe();
        }
        assertThat(hub.as("editor", "GET", "/api/items/" + id, null).json().get("state").asText()).isEqualTo("IN_REVIEW");
    }

    @Test
    void should_publish_with_live_progress_withdraw_and_show_the_deliveries() throws Exception {
        JsonNode item = flow.approved(Seeds.itemJson(2, "[\"website\",\"sms\",\"press-email\"]"));
        String id = item.get("id").asText();
        try (ConsoleBrowser approver = ConsoleBrowser.open(hub)) {
            approver.signIn("approver");
            approver.go("/console/publishing");
            assertThat(approver.text("#list-APPROVED")).contains(item.get("title").asText());
            approver.check("publishing.png");
            approver.go("/console/publishing/" + id);
            assertThat(approver.text("#item-state")).isEqualTo("已批准，待发布");
            assertThat(approver.all("#publish-form input[name=channels]:checked")).as("the item's channels by default").hasSize(3);
            approver.find("#publish-form button[type=submit]").click();
            approver.waitFor(d -> d.getCurrentUrl().contains("published=1"), "back on the item page");
            approver.js("window.__samePage = 'yes';");
            assertThat(approver.text("#item-state")).as("8 SMS at 4/s take a while").isEqualTo("发布中");
            assertThat(approver.find("#progress").getAttribute("hx-trigger")).isEqualTo("every 2s");
            approver.waitFor(d -> "已发布".equals(live(approver, "#item-state")), "已发布 without a reload");
            assertThat(approver.js("return window.__samePage;")).as("the page was never reloaded").isEqualTo("yes");
            assertThat(approver.find("[data-channel=sms] .sent").getText()).isEqualTo("8");
            assertThat(approver.find("#progress").getAttribute("hx-get")).as("polling stops once published").isNull();
            approver.check("publishing-progress.png");

            approver.find("#reason").sendKeys("附件有误，更正后重新发布");
            approver.find("#withdraw-form button[type=submit]").click();
            assertThat(approver.driver.getCurrentUrl()).isEqualTo(approver.url("/console/publishing/" + id + "/withdrawal"));
            assertThat(approver.text("#withdrawal-reason")).isEqualTo("附件有误，更正后重新发布");
            approver.waitFor(d -> "8".equals(live(approver, "#withdrawal-table [data-channel=sms] .skipped"))
                    && "1".equals(live(approver, "#withdrawal-table [data-channel=website] .done"))
                    && "0".equals(live(approver, "#withdrawal-table [data-channel=sms] .pending")), "the per-channel report");
            assertThat(approver.text("#withdrawal-table [data-channel=sms]")).contains("已跳过");
            approver.check("withdrawal-report.png");
        }
        try (ConsoleBrowser editor = ConsoleBrowser.open(hub)) {
            editor.signIn("editor");
            editor.go("/console/deliveries");
            editor.find("#f-item").sendKeys(id);
            new Select(editor.find("#f-channel")).selectByValue("sms");
            editor.find("#delivery-filter button[type=submit]").click();
            assertThat(editor.driver.getCurrentUrl()).contains("channel=sms").contains("item=" + id);
            List<WebElement> rows = editor.all("#deliveries tbody tr");
            assertThat(rows).as("the item's SMS, one per number; the page: %s", editor.text("main")).hasSize(8);
            assertThat(editor.text("#deliveries")).contains("短信").doesNotContain("门户网站");
            editor.check("deliveries.png");
            editor.find("#deliveries tbody tr a").click();
            assertThat(editor.text("#delivery-state")).isEqualTo("已送达");
            assertThat(editor.text("#delivery-transport")).isEqualTo("outbox");
            assertThat(editor.all("#retry-form, #resend-form")).as("no operator buttons for an editor").isEmpty();
            editor.check("delivery.png");
            String deliveryId = editor.driver.getCurrentUrl().substring(editor.driver.getCurrentUrl().lastIndexOf('/') + 1);
            String csrf = editor.find("body").getAttribute("data-csrf");
            for (String action : List.of("retry", "resend")) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(hub.baseUrl() + "/console/deliveries/" + deliveryId + "/" + action))
                        .header("Cookie", "gkhub_session=" + editor.sessionCookie())
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + enc(csrf))).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(action + " by an editor").isEqualTo(403);
            }
        }
    }

    /** The text of {@code css} read in one step in the page, so an element htmx just swapped out cannot go stale. */
    static String live(ConsoleBrowser b, String css) {
        Object t = b.js("const e = document.querySelector(arguments[0]); return e ? e.textContent.trim() : null;", css);
        return t == null ? null : t.toString();
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
