package cn.gongkai.hub.web.console;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The 适老化 switches (GB/T 37668): larger text and high contrast, kept in a cookie for a year and drawn by the server,
 * so they work without script and with the keyboard alone.
 */
@Controller(value = "/console/preferences", produces = MediaType.TEXT_HTML)
@Secured(SecurityRule.IS_AUTHENTICATED)
class PreferencesController {
    private final ConsoleCookies cookies;

    PreferencesController(ConsoleCookies cookies) {
        this.cookies = cookies;
    }

    public record Toggle(@Nullable String toggle, @Nullable String back, @Nullable String _csrf) {
    }

    @Post(consumes = MediaType.APPLICATION_FORM_URLENCODED)
    HttpResponse<?> toggle(HttpRequest<?> request, @Body Toggle form) {
        Set<String> prefs = new LinkedHashSet<>();
        for (String p : request.getCookies().findCookie(ConsolePages.PREFS).map(Cookie::getValue).orElse("").split("\\.")) {
            if (p.equals("large") || p.equals("contrast")) {
                prefs.add(p);
            }
        }
        if ("large".equals(form.toggle()) || "contrast".equals(form.toggle())) {
            if (!prefs.remove(form.toggle())) {
                prefs.add(form.toggle());
            }
        }
        Cookie c = Cookie.of(ConsolePages.PREFS, String.join(".", prefs)).path("/console/").httpOnly(true)
                .sameSite(SameSite.Lax).secure(cookies.secure(request)).maxAge(Duration.ofDays(365));
        return HttpResponse.seeOther(URI.create(SignInController.safeNext(form.back()))).cookie(c);
    }
}
