package cn.gongkai.hub.web.console;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import jakarta.inject.Singleton;

import java.time.Duration;

/**
 * The console's cookies: the session (HttpOnly, SameSite=Lax, Path=/console/, Secure when the hub is reached over
 * TLS) and the short-lived one that guards the sign-in form itself against cross-site posts.
 */
@Singleton
class ConsoleCookies {
    static final String SESSION = "gkhub_session";
    static final String SIGN_IN = "gkhub_sign_in";
    private final boolean httpsBase;

    ConsoleCookies(@Value("${hub.base-url:`http://localhost:8080`}") String baseUrl) {
        this.httpsBase = baseUrl.startsWith("https://");
    }

    /** Behind TLS: the request came over it, a proxy said so, or the hub's public address is https. */
    boolean secure(HttpRequest<?> request) {
        return httpsBase || request.isSecure();
    }

    Cookie session(HttpRequest<?> request, String value) {
        return Cookie.of(SESSION, value).path("/console/").httpOnly(true).sameSite(SameSite.Lax).secure(secure(request));
    }

    Cookie signIn(HttpRequest<?> request, String value) {
        return Cookie.of(SIGN_IN, value).path("/console/login").httpOnly(true).sameSite(SameSite.Strict)
                .secure(secure(request)).maxAge(Duration.ofHours(1));
    }

    Cookie expired(HttpRequest<?> request, String name, String path) {
        return Cookie.of(name, "").path(path).httpOnly(true).sameSite(SameSite.Lax).secure(secure(request)).maxAge(0);
    }
}
