package cn.gongkai.hub.web.console;

import cn.gongkai.hub.account.ConsoleSessions;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.filters.AuthenticationFetcher;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

import java.util.Map;
import java.util.Optional;

/**
 * Signs a console request in from its session cookie. Only paths under {@code /console/} look at the cookie: the
 * JSON API keeps HTTP Basic, so a session can never be used against it (and its forms need no CSRF token).
 */
@Singleton
class ConsoleSessionFetcher implements AuthenticationFetcher<HttpRequest<?>> {
    static final String ATTRIBUTE = "hub.console.session";
    private final ConsoleSessions sessions;

    ConsoleSessionFetcher(ConsoleSessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public Publisher<Authentication> fetchAuthentication(HttpRequest<?> request) {
        Optional<ConsoleSessions.Active> active = active(request, sessions);
        if (active.isEmpty()) {
            return Publishers.empty();
        }
        var user = active.get().user();
        return Publishers.just(Authentication.build(user.username(), user.roles().stream().map(Enum::name).toList(),
                Map.of("displayName", user.displayName())));
    }

    /** The request's console session, looked up once per request. */
    static Optional<ConsoleSessions.Active> active(HttpRequest<?> request, ConsoleSessions sessions) {
        Optional<ConsoleSessions.Active> cached = request.getAttribute(ATTRIBUTE, ConsoleSessions.Active.class);
        if (cached.isPresent()) {
            return cached;
        }
        if (!request.getPath().startsWith("/console/")) {
            return Optional.empty();
        }
        Optional<ConsoleSessions.Active> found = request.getCookies().findCookie(ConsoleCookies.SESSION).map(Cookie::getValue)
                .flatMap(sessions::find);
        found.ifPresent(a -> request.setAttribute(ATTRIBUTE, a));
        return found;
    }
}
