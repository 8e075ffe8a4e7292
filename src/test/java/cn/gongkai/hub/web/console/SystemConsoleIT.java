package cn.gongkai.hub.web.console;

import cn.gongkai.hub.support.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.Select;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 系统 in a real browser: an ADMIN creates a user with roles and adds a sensitive word, and finds both in the audit
 * log; the channel files show secrets only as 已设置 / 未设置 (a secret given to this hub never appears in the page);
 * an editor is refused every 系统 page and a hand-made POST carrying a valid session and CSRF token.
 */
class SystemConsoleIT {
    static final String WECHAT_SECRET = "wx-app-secret-7f3a9c51e2";
    static TestHub hub;
    static final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void start() {
        Map<String, Object> p = TestHub.defaults(null);
        // channel-config/wechat.yml: app-secret: "${WECHAT_APP_SECRET:}", resolved from the hub's properties as from the environment
        p.put("WECHAT_APP_SECRET", WECHAT_SECRET);
        hub = TestHub.start(p);
        hub.user("boss", "ADMIN");
        hub.user("editor", "EDITOR");
    }

    @AfterAll
    static void stop() {
        hub.close();
    }

    @Test
    void should_create_a_user_add_a_sensitive_word_and_show_both_in_the_audit_log() {
        try (ConsoleBrowser b = ConsoleBrowser.open(hub)) {
            b.signIn("boss");
            b.go("/console/system");
            assertThat(b.text("h1")).isEqualTo("系统");

            b.go("/console/system/users");
            b.find("#username").sendKeys("wangfang");
            b.find("#displayName").sendKeys("王芳");
            b.find("#role-REVIEWER").click();
            b.find("#role-APPROVER").click();
            b.find("#password").sendKeys("short");
            b.find("form[action='/console/system/users'] button[type=submit]").click();
            b.waitFor(d -> !b.all("#password-error").isEmpty(), "the form back with its error");
            assertThat(b.text("#password-error")).as("a bad password is shown at its field, the rest kept").startsWith("密码不符合要求");
            assertThat(b.find("#displayName").getAttribute("value")).isEqualTo("王芳");
            assertThat(b.find("#role-REVIEWER").isSelected()).isTrue();
            b.find("#password").sendKeys("wangfang-password-123");
            b.find("form[action='/console/system/users'] button[type=submit]").click();
            b.waitFor(d -> !b.all(".notice").isEmpty(), "the user created");
            assertThat(b.text(".notice")).contains("已新建用户 wangfang");
            assertThat(b.text("#users")).contains("wangfang", "王芳", "初审", "终审与发布");
            b.check("system-users.png");
            assertThat(hub.get("/api/me", "wangfang", "wangfang-password-123").status()).as("the new user can sign in").isEqualTo(200);

            b.go("/console/system/registers");
            b.find("#word").sendKeys("内部资料");
            new Select(b.find("#severity")).selectByValue("block");
            b.find("form[action='/console/system/registers/words'] button[type=submit]").click();
            assertThat(b.text("#words")).contains("内部资料", "阻止发布");
            b.find("#docNumber").sendKeys("崇政发〔2026〕3号");
            b.find("#reason").sendKeys("内部文件");
            b.find("form[action='/console/system/registers/documents'] button[type=submit]").click();
            assertThat(b.text("#documents")).contains("崇政发〔2026〕3号", "内部文件");
            b.check("system-registers.png");
            assertThat(hub.get("/api/review/sensitive-words", "boss", TestHub.password("boss")).body()).contains("内部资料");

            b.go("/console/system/audit");
            assertThat(b.text("#audit")).contains("新建用户", "user:wangfang", "添加敏感词", "sensitive-word:内部资料", "boss");
            new Select(b.find("#action")).selectByValue("SENSITIVE_WORD_ADDED");
            b.find("form[action='/console/system/audit'] button[type=submit]").click();
            assertThat(b.text("#audit")).contains("sensitive-word:内部资料").doesNotContain("user:wangfang");
            b.check("system-audit.png");
        }
    }

    @Test
    void should_show_channel_files_with_secrets_as_set_or_not_set_only() {
        try (ConsoleBrowser b = ConsoleBrowser.open(hub)) {
            b.signIn("boss");
            b.go("/console/system/channels");
            assertThat(b.text("table[data-channel=wechat] tr[data-key='wechat.app-secret'] td")).isEqualTo("已设置");
            assertThat(b.text("table[data-channel=wechat] tr[data-key='callback.token'] td")).isEqualTo("未设置");
            assertThat(b.text("table[data-channel=wechat] tr[data-key='account-name'] td")).isEqualTo("南通文广旅");
            assertThat(b.driver.getPageSource()).doesNotContain(WECHAT_SECRET);
            b.check("system-channels.png");
        }
    }

    @Test
    void should_refuse_an_editor_every_system_page_and_a_hand_made_post() throws Exception {
        try (ConsoleBrowser b = ConsoleBrowser.open(hub)) {
            b.signIn("editor");
            b.go("/console/system");
            assertThat(b.text("h1")).isEqualTo("无权访问");
            String session = b.sessionCookie();
            String csrf = b.find("body").getAttribute("data-csrf");
            for (String path : new String[]{"/console/system", "/console/system/users", "/console/system/audit", "/console/system/channels"}) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(hub.baseUrl() + path))
                        .header("Cookie", "gkhub_session=" + session).GET().build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(path).isEqualTo(403);
            }
            String form = "_csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8) + "&word=" + URLEncoder.encode("编辑偷加的词", StandardCharsets.UTF_8)
                    + "&severity=warn";
            HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(hub.baseUrl() + "/console/system/registers/words"))
                    .header("Cookie", "gkhub_session=" + session).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(403);
            assertThat(hub.get("/api/review/sensitive-words", "boss", TestHub.password("boss")).body()).doesNotContain("编辑偷加的词");
            String user = "_csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8) + "&username=mole&displayName=mole&roles=ADMIN&password=mole-password-123";
            HttpResponse<String> create = http.send(HttpRequest.newBuilder(URI.create(hub.baseUrl() + "/console/system/users"))
                    .header("Cookie", "gkhub_session=" + session).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(user)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(create.statusCode()).isEqualTo(403);
            assertThat(hub.get("/api/me", "mole", "mole-password-123").status()).isEqualTo(401);
        }
    }
}
