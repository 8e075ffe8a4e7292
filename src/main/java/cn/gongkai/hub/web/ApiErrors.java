package cn.gongkai.hub.web;

import cn.gongkai.hub.web.console.ConsolePages;
import cn.gongkai.hub.HubException;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every refusal the API gives is JSON: {@code {status, message, errors: [{field, problem}], ...details}}. Under
 * {@code /console/} the same refusal is a page in words ({@link ConsolePages#refused}).
 */
final class ApiErrors {
    private ApiErrors() {
    }

    static MutableHttpResponse<Map<String, Object>> response(HubException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", e.status());
        body.put("message", e.getMessage());
        if (!e.errors().isEmpty()) {
            body.put("errors", e.errors());
        }
        body.putAll(e.details());
        return HttpResponse.<Map<String, Object>>status(HttpStatus.valueOf(e.status())).body(body);
    }

    @Produces
    @Singleton
    @Requires(classes = {HubException.class, ExceptionHandler.class})
    static class HubExceptionHandler implements ExceptionHandler<HubException, HttpResponse<?>> {
        private final ConsolePages console;

        HubExceptionHandler(ConsolePages console) {
            this.console = console;
        }

        @Override
        public HttpResponse<?> handle(HttpRequest request, HubException e) {
            if (ConsolePages.isConsole(request)) {
                return console.refused(request, e);
            }
            return response(e);
        }
    }

    /** A bug or an outage: logged with its stack trace, answered without one. */
    @Produces
    @Singleton
    static class UnexpectedHandler implements ExceptionHandler<RuntimeException, HttpResponse<?>> {
        private static final Logger LOG = LoggerFactory.getLogger(UnexpectedHandler.class);
        private final ConsolePages console;

        UnexpectedHandler(ConsolePages console) {
            this.console = console;
        }

        @Override
        public HttpResponse<?> handle(HttpRequest request, RuntimeException e) {
            HubException answer;
            if (e instanceof HubException he) {
                answer = he;
            } else if (cn.gongkai.hub.redis.RedisErrors.fromRedis(e)) {
                LOG.error("{} {} failed: Redis unavailable: {}", request.getMethod(), request.getPath(), e.getMessage());
                answer = new HubException(503, "the store (Redis) is unavailable; nothing was changed by this request if it failed before writing; try again", null, null);
            } else {
                LOG.error("{} {} failed", request.getMethod(), request.getPath(), e);
                answer = new HubException(500, "internal error: " + e.getClass().getSimpleName() + " (details in the hub's log)", null, null);
            }
            return ConsolePages.isConsole(request) ? console.refused(request, answer) : response(answer);
        }
    }
}
