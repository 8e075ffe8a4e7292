package cn.gongkai.hub.web.console;

import cn.gongkai.hub.support.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signing in to the console in a real browser, on a hub with embedded defaults (its idle timeout cut to 3 s): the
 * form, the session cookie's flags, refusals (wrong password, a form without its CSRF token, a role the user does not
 * hold, even by a hand-made request), sign-out, the idle timeout, and that the session is no key to the JSON API.
 */
class ConsoleSignInIT {
    static TestHub hub;
    static final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void start() {
        Map<String, Object> p = TestHub.defaults(null);
        p.put("hub.console.idle-timeout", "3s");
        hub = TestHub.start(p);
        hub.user("editor", "EDITOR");
        hub.user("clerk", "EDITOR");
    }

    @AfterAll
    static void stop() {
        if (hub != null) {
            hub.close();
        }
    }

    HttpResponse<String> get(String path, String session) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(hub.baseUrl() + path)).header("Accept", "text/html");
        if (session != null) {
            b.header("Cookie", "gkhub_session=" + session);
        }
        return http.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void should_sign_in_with_the_form_and_refuse_a_wrong_password() {
        try (ConsoleBrowser b = ConsoleBrowser.open(hub)) {
            b.go("/console/login");
            assertThat(b.text("h1")).isEqualTo("登录");
            b.check("login.png");
            b.find("#username").sendKeys("editor");
            b.find("#password").sendKeys("wrong-password-123");
            b.find("form[action='/console/login'] button").click();
            assertThat(b.text(".error")).isEqualTo("用户名或密码不正确。");
            assertThat(b.sessionCookie()).as("no session after a failed sign-in").isNull();
            b.signIn("editor");
            assertThat(b.driver.getCurrentUrl()).isEqualTo(b.url("/console/"));
            assertThat(b.text("h1")).isEqualTo("工作台");
            var cookie = b.driver.manage().getCookieNamed("gkhub_session");
            assertThat(cookie.isHttpOnly()).isTrue();
            assertThat(cookie.getSameSite()).isEqualTo("Lax");
            assertThat(b.all("nav.menu a").stream().map(e -> e.getText()).toList())
                    .as("an editor's menu").contains("工作台", "信息编辑").doesNotContain("系统", "发布与撤回");
            b.check("dashboard.png");
        }
    }

    @Test
    void should_return_to_the_page_asked_for_after_signing_in() {
        try (ConsoleBrowser b = ConsoleBrowser.open(hub)) {
            b.go("/console/deliveries");
            assertThat(b.driver.getCurrentUrl()).startsWith(b.url("/console/login"));
            assertThat(b.text(".notice")).contains("重新登录");
            b.find("#username").sendKeys("editor");
            b.find("#password").sendKeys(TestHub.password("editor"));
            b.find("form[action='/console/login'] button").click();
            b.waitFor(d -> d.getCurrentUrl().equals(b.url("/console/deliveries")), "back on /console/deliveries");
        }
    }

    @Test
    void should_refuse_a_form_posted_without_its_csrf_token() {
        try (ConsoleBrowser b = ConsoleBrowser.open(hub)) {
            b.signIn("editor");
            b.js("document.querySelector(\"form[action='/console/preferences'] input[name=_csrf]\").remove();");
            b.find("form[action='/console/preferences'] button[value=large]").click();
            assertThat(b.text("h1")).isEqualTo("表单已失效");
            b.go("/console/");
            assertThat(b.find("html").getAttribute("class")).as("nothing changed").doesNotContain("large");
            b.find("form[action='/console/preferences'] button[value=large]").click();
            assertThat(b.find("html").getAttribute("class")).as("with its token the same form works").contains("large");
            b.check("dashboard-large.png");
        }
    }

    @Test
    void should_answer_403_to_a_role_the_user_does_not_hold_even_by_hand() throws Exception {
        try (ConsoleBrowser b = ConsoleBrowser.open(hub)) {
            b.signIn("editor");
            b.go("/console/system");
            assertThat(b.text("h1")).isEqualTo("无权访问");
            String session = b.sessionCookie();
            HttpResponse<String> r = get("/console/system", session);
            assertThat(r.statusCode()).isEqualTo(403);
            HttpResponse<String> missing = get("/console/no-such-page", session);
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(missing.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
            assertThat(missing.body()).contains("找不到这个页面或记录").doesNotContain("\"status\"");
            HttpResponse<String> api = http.send(HttpRequest.newBuilder(URI.create(hub.baseUrl() + "/api/items"))
                    .header("Cookie", "gkhub_session=" + session).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(api.statusCode()).as("the console's session is no key to the JSON API").isEqualTo(401);
        }
    }

    @Test
    void should_end_a_session_when_the_users_password_is_reset() throws Exception {
        try (ConsoleBrowser b = ConsoleBrowser.open(hub)) {
            b.signIn("clerk");
            String session = b.sessionCookie();
            assertThat(get("/console/", session).statusCode()).isEqualTo(200);
            hub.bean(cn.gongkai.hub.account.UserService.class).resetPassword("clerk", "a-new-password-2026",
                    cn.gongkai.hub.audit.Actor.of("admin", "ADMIN"));
            HttpResponse<String> r = get("/console/", session);
            assertThat(r.statusCode()).as("the session started under the old password is over").isEqualTo(303);
            b.signIn("clerk", "a-new-password-2026");
            assertThat(b.text("h1")).isEqualTo("工作台");
        }
    }

    @Test
    void should_send_a_signed_out_or_idle_session_to_the_sign_in_page() throws Exception {
        try (ConsoleBrowser b = ConsoleBrowser.open(hub)) {
            b.signIn("editor");
            String session = b.sessionCookie();
            b.find("form[action='/console/logout'] button").click();
            assertThat(b.driver.getCurrentUrl()).startsWith(b.url("/console/login"));
            assertThat(b.text(".notice")).isEqualTo("您已安全退出。");
            HttpResponse<String> r = get("/console/", session);
            assertThat(r.statusCode()).as("the old cookie is dead on the server too").isEqualTo(303);
            assertThat(r.headers().firstValue("Location").orElse("")).startsWith("/console/login");

            b.signIn("editor");
            Thread.sleep(4000); // past the 3 s idle timeout of this hub
            b.go("/console/");
            assertThat(b.driver.getCurrentUrl()).startsWith(b.url("/console/login"));
        }
    }
}
