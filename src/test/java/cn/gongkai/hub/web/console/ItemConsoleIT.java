package cn.gongkai.hub.web.console;

import cn.gongkai.hub.support.Seeds;
import cn.gongkai.hub.support.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The editor's side of the console in a real browser: drafting an item from a seed report on every channel, a Chinese
 * attachment up and down, the preview of each channel as the channels render it, a blocked submission with its
 * finding marked in the text, and the submission once the mark is gone; and what the server refuses, by hand-made
 * requests (a reviewer creating an item, an empty title).
 */
class ItemConsoleIT {
    static TestHub hub;
    static final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    static final List<String> CHANNELS = List.of("website", "wechat", "sms", "qq", "led", "press-email");

    @BeforeAll
    static void start() {
        hub = TestHub.start(TestHub.defaults(null));
        hub.user("editor", "EDITOR");
        hub.user("reviewer", "REVIEWER");
    }

    @AfterAll
    static void stop() {
        if (hub != null) {
            hub.close();
        }
    }

    private static void setValue(ConsoleBrowser b, String css, String value) {
        b.js("document.querySelector(arguments[0]).value = arguments[1];", css, value);
    }

    @Test
    void should_draft_attach_preview_and_submit_an_item_through_the_console() throws Exception {
        String title = Seeds.title(0);
        String body = Seeds.text(0);
        try (ConsoleBrowser b = ConsoleBrowser.open(hub)) {
            b.signIn("editor");
            b.go("/console/items");
            assertThat(b.text("h1")).isEqualTo("信息列表");
            b.find("a[href='/console/items/new']").click();

            assertThat(b.text("h1")).isEqualTo("新建信息");
            assertThat(b.all("input[name=channels]").stream().map(e -> e.getAttribute("value")).toList())
                    .containsExactlyInAnyOrderElementsOf(CHANNELS);
            assertThat(b.all("input[name=channels]")).as("a new item goes on every channel unless unticked").allMatch(WebElement::isSelected);
            b.find("#title").sendKeys(title);
            setValue(b, "#body", body);
            b.find("#summary").sendKeys("市文广新局2017年政府信息公开工作年度报告");
            new Select(b.find("#category")).selectByVisibleText("业务工作");
            b.find("#docNumber").sendKeys("通文广新〔2018〕3号");
            b.find("#issuer").sendKeys("市文化广电新闻出版局");
            b.check("item-edit.png");
            b.find("form.item-form button[type=submit]").click();

            assertThat(b.text(".notice")).isEqualTo("信息已保存为草稿。");
            assertThat(b.text("h1")).isEqualTo(title);
            String itemUrl = b.driver.getCurrentUrl().replaceAll("\\?.*$", "");
            String id = itemUrl.substring(itemUrl.lastIndexOf('/') + 1);
            assertThat(b.text("p .state")).isEqualTo("草稿");
            assertThat(b.text("table.facts")).contains("业务工作", "通文广新〔2018〕3号", "市文化广电新闻出版局", "门户网站", "微信公众号", "短信",
                    "QQ群", "LED显示屏", "媒体供稿邮件");

            // a Chinese-named attachment up, listed, and down again byte for byte
            Path dir = Files.createTempDirectory("console-upload");
            Path file = dir.resolve("任务分解表.txt");
            byte[] bytes = ("2018年政务公开任务分解表\n一、推进决策公开\t市文广新局办公室\t全年\n").getBytes(StandardCharsets.UTF_8);
            Files.write(file, bytes);
            b.find("#file").sendKeys(file.toAbsolutePath().toString());
            b.find("form.upload button[type=submit]").click();
            assertThat(b.text(".notice")).isEqualTo("附件已上传。");
            WebElement link = b.find("table.attachments a");
            assertThat(link.getText()).isEqualTo("任务分解表.txt");
            b.check("item-page.png");
            HttpResponse<byte[]> download = http.send(HttpRequest.newBuilder(URI.create(link.getAttribute("href")))
                    .header("Cookie", "gkhub_session=" + b.sessionCookie()).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(download.statusCode()).isEqualTo(200);
            assertThat(download.body()).isEqualTo(bytes);
            assertThat(download.headers().firstValue("Content-Disposition").orElse(""))
                    .contains("filename*=UTF-8''%E4%BB%BB%E5%8A%A1%E5%88%86%E8%A7%A3%E8%A1%A8.txt");
            TestHub.deleteTree(dir);

            // every channel's preview, from the channels' own renderers
            b.find("a[href='/console/items/" + id + "/preview']").click();
            assertThat(b.text("h1")).isEqualTo("各渠道预览");
            for (String ch : CHANNELS) {
                assertThat(b.all("#channel-" + ch)).as("section of " + ch).hasSize(1);
                assertThat(b.all("nav.toc a[href='#channel-" + ch + "']")).as("table of contents entry of " + ch).hasSize(1);
            }
            String sms = b.text("#channel-sms");
            assertThat(sms).containsPattern("条数\\s*[1-3] 条").containsPattern("字数\\s*\\d+ 字");
            assertThat(b.text("#channel-sms pre")).startsWith("【").contains(title.substring(0, 10)).contains("/items/" + id + ".html");
            assertThat(b.text("#channel-qq pre")).startsWith("【" + title.substring(0, 10));
            List<WebElement> screens = b.all("#channel-led .led-pages");
            assertThat(screens).as("one list of pages per screen of led.yml").hasSize(2);
            assertThat(b.text("#channel-led")).contains("市政务服务中心一楼大厅", "市图书馆南门");
            String firstPage = b.find("#channel-led pre.led-screen").getText();
            assertThat(firstPage.split("\n")).hasSizeLessThanOrEqualTo(4).anySatisfy(line -> assertThat(title).contains(line.strip()));
            assertThat(b.text("#channel-press-email")).contains("【政府信息公开】" + title).contains("任务分解表.txt");
            assertThat(b.text("#channel-press-email pre")).contains(title).contains("通文广新〔2018〕3号");
            assertThat(b.text("#channel-wechat")).contains("市文化广电新闻出版局");
            b.check("item-preview.png");
            b.driver.switchTo().frame(b.find("#channel-website iframe"));
            b.waitFor(d -> !d.findElements(By.tagName("h1")).isEmpty(), "the site's page in its frame");
            assertThat(b.driver.findElement(By.tagName("h1")).getText()).isEqualTo(title);
            assertThat(b.driver.findElement(By.cssSelector("table.meta")).getText()).contains("通文广新〔2018〕3号", "业务工作");
            b.driver.switchTo().defaultContent();
            b.driver.switchTo().frame(b.find("#channel-wechat iframe"));
            b.waitFor(d -> !d.findElements(By.tagName("h1")).isEmpty(), "the WeChat article in its frame");
            assertThat(b.driver.findElement(By.tagName("body")).getText()).contains(body.substring(0, 20));
            b.driver.switchTo().defaultContent();

            // a classification mark planted in the body blocks the submission, and is marked where it stands
            b.go("/console/items/" + id + "/edit");
            assertThat(b.find("#title").getAttribute("value")).isEqualTo(title);
            setValue(b, "#body", "机密\n" + body);
            b.find("form.item-form button[type=submit]").click();
            assertThat(b.text(".notice")).isEqualTo("修改已保存为新版本。");
            b.find("form[action$='/submit'] button").click();
            assertThat(b.text("h1")).isEqualTo("未能提交审查");
            WebElement mark = b.find("mark.block");
            assertThat(mark.getText()).isEqualTo("机密");
            WebElement number = b.find("mark.block + sup a");
            String target = number.getAttribute("href").replaceAll("^.*#", "");
            assertThat(b.text("#" + target)).contains("阻止发布", "密级标志", "正文");
            assertThat(b.find("#" + target + " a").getAttribute("href")).endsWith("#" + mark.getAttribute("id"));
            b.check("item-submit-findings.png");
            assertThat(hub.as("editor", "GET", "/api/items/" + id, null).json().get("state").asText()).isEqualTo("DRAFT");

            // without it the submission goes through
            b.find("a[href='/console/items/" + id + "/edit']").click();
            setValue(b, "#body", body);
            b.find("form.item-form button[type=submit]").click();
            b.find("form[action$='/submit'] button").click();
            assertThat(b.text(".notice")).isEqualTo("已提交审查。");
            assertThat(b.text("p .state")).isEqualTo("审查中");
            assertThat(hub.as("editor", "GET", "/api/items/" + id, null).json().get("state").asText()).isEqualTo("IN_REVIEW");

            b.go("/console/items?state=IN_REVIEW");
            assertThat(b.all("table.items tbody tr")).hasSize(1);
            assertThat(b.text("table.items tbody tr")).contains(title, "审查中", "业务工作");
            b.check("items-list.png");
        }
    }

    @Test
    void should_refuse_an_item_from_a_reviewer_even_by_a_hand_made_request() throws Exception {
        Session s = signIn("reviewer");
        HttpResponse<String> r = post("/console/items", s, form(Map.of("_csrf", s.csrf, "title", "越权创建的信息", "body", "正文",
                "category", "ywgz", "channels", "website")));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("无权访问");
        HttpResponse<String> list = get("/console/items", s);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).doesNotContain("越权创建的信息").doesNotContain("href=\"/console/items/new\"");
    }

    @Test
    void should_show_an_empty_title_next_to_its_field_and_keep_what_was_typed() throws Exception {
        Session s = signIn("editor");
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("_csrf", s.csrf);
        fields.put("title", "  ");
        fields.put("body", "关于开展2024年政务公开培训的通知<script>alert(1)</script>");
        fields.put("category", "ywgz");
        fields.put("channels", "sms");
        HttpResponse<String> r = post("/console/items", s, form(fields));
        assertThat(r.statusCode()).isEqualTo(400);
        Matcher error = Pattern.compile("<span class=\"field-error\" id=\"title-error\">([^<]*)</span>").matcher(r.body());
        assertThat(error.find()).as("an error next to the title").isTrue();
        assertThat(error.group(1)).isEqualTo("必填，请填写。");
        assertThat(r.body()).contains("aria-invalid=\"true\"").contains("关于开展2024年政务公开培训的通知&lt;script&gt;alert(1)&lt;/script&gt;")
                .containsPattern("value=\"sms\"[^>]*checked");
        assertThat(hub.as("editor", "GET", "/api/items?size=200", null).body()).as("nothing was saved").doesNotContain("政务公开培训");
    }

    record Session(String cookie, String csrf) {
    }

    /** Signs in through the sign-in form by hand: its token and cookie, then the session's CSRF token from a page. */
    static Session signIn(String user) throws Exception {
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(hub.baseUrl() + "/console/login")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        String signInCookie = cookie(login, "gkhub_sign_in");
        Matcher token = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(login.body());
        assertThat(token.find()).isTrue();
        HttpResponse<String> done = http.send(HttpRequest.newBuilder(URI.create(hub.baseUrl() + "/console/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", "gkhub_sign_in=" + signInCookie)
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("username", user, "password", TestHub.password(user),
                        "_csrf", token.group(1), "next", "/console/")))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(done.statusCode()).isEqualTo(303);
        String session = cookie(done, "gkhub_session");
        HttpResponse<String> home = get("/console/", new Session(session, null));
        Matcher csrf = Pattern.compile("data-csrf=\"([^\"]+)\"").matcher(home.body());
        assertThat(csrf.find()).isTrue();
        return new Session(session, csrf.group(1));
    }

    private static String cookie(HttpResponse<?> r, String name) {
        return r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(name + "=")).findFirst()
                .map(c -> c.substring(name.length() + 1, c.indexOf(';') < 0 ? c.length() : c.indexOf(';'))).orElseThrow();
    }

    static HttpResponse<String> get(String path, Session s) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(hub.baseUrl() + path)).header("Cookie", "gkhub_session=" + s.cookie).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(String path, Session s, String form) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(hub.baseUrl() + path)).header("Cookie", "gkhub_session=" + s.cookie)
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String form(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }
}
