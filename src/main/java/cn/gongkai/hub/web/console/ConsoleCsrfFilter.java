package cn.gongkai.hub.web.console;

import cn.gongkai.hub.account.ConsoleSessions;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.http.server.filter.FilterBodyParser;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.Set;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Every console request that changes something (POST, PUT, PATCH, DELETE) must carry its session's CSRF token:
 * the form field {@code _csrf}, the header {@code X-CSRF-Token} (htmx), or for a multipart upload the query parameter
 * {@code _csrf}. Without it the answer is 403 and nothing happens. Runs after the security filter, so a request
 * without a session has already been sent to the sign-in page. The sign-in form guards itself ({@link SignInController}).
 */
@ServerFilter("/console/**")
class ConsoleCsrfFilter implements Ordered {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleCsrfFilter.class);
    static final String FIELD = "_csrf";
    static final String HEADER = "X-CSRF-Token";
    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    private final ConsoleSessions sessions;
    private final FilterBodyParser bodies;
    private final ConsolePages pages;

    ConsoleCsrfFilter(ConsoleSessions sessions, FilterBodyParser bodies, ConsolePages pages) {
        this.sessions = sessions;
        this.bodies = bodies;
        this.pages = pages;
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.after();
    }

    @RequestFilter
    @ExecuteOn(TaskExecutors.BLOCKING)
    CompletableFuture<@Nullable HttpResponse<?>> check(HttpRequest<?> request) {
        if (SAFE.contains(request.getMethod()) || request.getPath().equals("/console/login")) {
            return CompletableFuture.completedFuture(null);
        }
        Optional<ConsoleSessions.Active> active = ConsoleSessionFetcher.active(request, sessions);
        if (active.isEmpty()) {
            // the security filter let it through only if the route is open to all; such routes change nothing
            return CompletableFuture.completedFuture(null);
        }
        String expected = active.get().session().csrfToken();
        String header = request.getHeaders().get(HEADER);
        if (header != null) {
            return CompletableFuture.completedFuture(ConsoleSessions.same(expected, header) ? null : refuse(request, "header"));
        }
        MediaType type = request.getContentType().orElse(null);
        if (type != null && type.getName().equals(MediaType.MULTIPART_FORM_DATA)) {
            String query = request.getParameters().get(FIELD);
            return CompletableFuture.completedFuture(ConsoleSessions.same(expected, query) ? null : refuse(request, "query"));
        }
        // Waited for here (a blocking thread): a future completed later, once the body has arrived, makes Micronaut's
        // legacy security filter around this one fail with a NullPointerException (AroundLegacyFilter, 4.10) on forms
        // whose body comes after the headers
        Map<String, Object> form;
        try {
            form = bodies.parseBody(request).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.completedFuture(refuse(request, "form"));
        } catch (ExecutionException | TimeoutException e) {
            return CompletableFuture.completedFuture(refuse(request, "form"));
        }
        Object sent = form.get(FIELD);
        return CompletableFuture.completedFuture(ConsoleSessions.same(expected, sent instanceof String s ? s : null) ? null : refuse(request, "form"));
    }

    private HttpResponse<?> refuse(HttpRequest<?> request, String where) {
        LOG.warn("Console {} {} refused: the CSRF token ({}) is missing or not this session's", request.getMethod(),
                request.getPath(), where);
        return pages.problem(request, HttpStatus.FORBIDDEN, "表单已失效",
                "这个表单没有带上本次登录的校验码（可能页面已过期，或请求来自别的网站），系统没有执行任何操作。请回到上一页刷新后重试。");
    }
}
