package cn.gongkai.hub.web.console;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.micronaut.security.authentication.AuthorizationException;
import io.micronaut.security.authentication.DefaultAuthorizationExceptionHandler;
import io.micronaut.security.config.RedirectConfiguration;
import io.micronaut.security.config.RedirectService;
import io.micronaut.security.errors.PriorToLoginPersistence;
import io.micronaut.security.authentication.WwwAuthenticateChallengeProvider;
import jakarta.inject.Singleton;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Refusals under {@code /console/}: without a session, a page request is sent to the sign-in page (and back
 * afterwards), anything else too; with a session but not the role, the answer is a 403 page, whatever the browser
 * sent. The JSON API keeps its JSON 401 (with the Basic challenge) and 403.
 */
@Singleton
@Replaces(DefaultAuthorizationExceptionHandler.class)
class ConsoleRejections extends DefaultAuthorizationExceptionHandler {
    private final ConsolePages pages;

    ConsoleRejections(ErrorResponseProcessor<?> errorResponseProcessor, RedirectConfiguration redirectConfiguration,
                      RedirectService redirectService,
                      List<WwwAuthenticateChallengeProvider<HttpRequest<?>>> challenges,
                      @Nullable PriorToLoginPersistence priorToLoginPersistence, ConsolePages pages) {
        super(errorResponseProcessor, redirectConfiguration, redirectService, challenges, priorToLoginPersistence);
        this.pages = pages;
    }

    @Override
    public MutableHttpResponse<?> handle(HttpRequest request, AuthorizationException exception) {
        String path = request.getPath();
        if (!path.startsWith("/console/") && !path.equals("/console")) {
            return super.handle(request, exception);
        }
        if (exception.isForbidden()) {
            return pages.problem(request, HttpStatus.FORBIDDEN, "无权访问",
                    "您的角色不能使用这个页面或执行这个操作。如需权限，请联系系统管理员。");
        }
        String next = request.getMethod() == HttpMethod.GET ? SignInController.safeNext(request.getUri().toString()) : "/console/";
        String target = "/console/login?expired=1" + (next.equals("/console/") ? "" : "&next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
        if (request.getHeaders().contains("HX-Request")) {
            // htmx follows redirects inside the page; this makes the whole page go to the sign-in form
            return HttpResponse.status(HttpStatus.UNAUTHORIZED).header("HX-Redirect", target);
        }
        return HttpResponse.seeOther(URI.create(target));
    }
}
