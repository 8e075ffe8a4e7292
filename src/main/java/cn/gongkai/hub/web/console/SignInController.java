package cn.gongkai.hub.web.console;

import cn.gongkai.hub.account.ClientAddress;
import cn.gongkai.hub.account.ConsoleSession;
import cn.gongkai.hub.account.ConsoleSessions;
import cn.gongkai.hub.account.HubAuthenticationProvider;
import cn.gongkai.hub.account.SecuritySettings;
import cn.gongkai.hub.account.UserService;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Signing in to and out of the console. The sign-in form carries a token that must equal a cookie set with the form
 * (SameSite=Strict), so another site cannot sign a browser in under its own account; a successful sign-in starts a
 * new session (a new id, whatever the browser sent). Failures count towards the same locks as the API's Basic
 * sign-ins ({@link UserService#signIn}).
 */
@Controller(value = "/console", produces = MediaType.TEXT_HTML)
@ExecuteOn(TaskExecutors.BLOCKING)
class SignInController {
    private static final Logger LOG = LoggerFactory.getLogger(SignInController.class);
    // a console path, nothing that could leave the hub: no scheme, no //host, no backslash, no control characters
    private static final Pattern NEXT = Pattern.compile("/console/[A-Za-z0-9/_\\-.?=&%]*");

    private final UserService users;
    private final ConsoleSessions sessions;
    private final ConsoleCookies cookies;
    private final ConsolePages pages;
    private final SecuritySettings security;

    SignInController(UserService users, ConsoleSessions sessions, ConsoleCookies cookies, ConsolePages pages, SecuritySettings security) {
        this.users = users;
        this.sessions = sessions;
        this.cookies = cookies;
        this.pages = pages;
        this.security = security;
    }

    /** The form a person signs in with. */
    public record SignInForm(@Nullable String username, @Nullable String password, @Nullable String _csrf, @Nullable String next) {
    }

    @Get("/login")
    @Secured(SecurityRule.IS_ANONYMOUS)
    HttpResponse<?> form(HttpRequest<?> request, @Nullable @QueryValue String next, @Nullable @QueryValue String signedOut,
                         @Nullable @QueryValue String expired) {
        String notice = signedOut != null ? "您已安全退出。" : expired != null ? "登录已超时或已失效，请重新登录。" : null;
        return signInPage(request, HttpStatus.OK, "", safeNext(next), null, notice);
    }

    private HttpResponse<?> signInPage(HttpRequest<?> request, HttpStatus status, String username, String next, String error, String notice) {
        String token = ConsoleSessions.token();
        Map<String, Object> m = new java.util.HashMap<>();
        m.put("token", token);
        m.put("username", username == null ? "" : username);
        m.put("next", next);
        m.put("error", error);
        m.put("notice", notice);
        return pages.render(request, status, "console/login", m).cookie(cookies.signIn(request, token));
    }

    @Post(value = "/login", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    @Secured(SecurityRule.IS_ANONYMOUS)
    HttpResponse<?> signIn(HttpRequest<?> request, @Body SignInForm form) {
        String expected = request.getCookies().findCookie(ConsoleCookies.SIGN_IN).map(Cookie::getValue).orElse(null);
        String next = safeNext(form.next());
        if (!ConsoleSessions.same(expected, form._csrf())) {
            LOG.warn("Console sign-in refused: the form's token does not match its cookie (an old page or another site's form)");
            return signInPage(request, HttpStatus.FORBIDDEN, form.username(), next, "登录页面已过期，请重新输入用户名和密码。", null);
        }
        ClientAddress from = ClientAddress.of(request.getRemoteAddress(),
                security.trustsHeader() ? request.getHeaders().getAll(security.clientIpHeader()) : List.of());
        UserService.SignIn result = users.signIn(form.username(), form.password(), from);
        if (result.user() == null) {
            LOG.info("Console sign-in refused for '{}' from {}: {}", HubAuthenticationProvider.printable(form.username()), from.ip(), result.failure());
            String error = result.failure() != null && result.failure().startsWith("too many")
                    ? "登录失败次数过多，已暂时锁定，请稍后再试。" : "用户名或密码不正确。";
            return signInPage(request, HttpStatus.UNAUTHORIZED, form.username(), next, error, null);
        }
        ConsoleSession s = sessions.start(result.user());
        return HttpResponse.seeOther(URI.create(next))
                .cookie(cookies.session(request, s.id()))
                .cookie(cookies.expired(request, ConsoleCookies.SIGN_IN, "/console/login"));
    }

    @Post(value = "/logout", consumes = {MediaType.APPLICATION_FORM_URLENCODED, MediaType.MULTIPART_FORM_DATA})
    @Secured(SecurityRule.IS_AUTHENTICATED)
    HttpResponse<?> signOut(HttpRequest<?> request) {
        request.getCookies().findCookie(ConsoleCookies.SESSION).map(Cookie::getValue).ifPresent(sessions::end);
        return HttpResponse.seeOther(URI.create("/console/login?signedOut=1"))
                .cookie(cookies.expired(request, ConsoleCookies.SESSION, "/console/"));
    }

    static String safeNext(String next) {
        return next != null && next.length() < 500 && NEXT.matcher(next).matches() && !next.contains("//") ? next : "/console/";
    }
}
