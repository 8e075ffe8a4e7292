package cn.gongkai.hub.web;

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

/** Every refusal the API gives is JSON: {@code {status, message, errors: [{field, problem}], ...details}}. */
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
        @Override
        public HttpResponse<?> handle(HttpRequest request, HubException e) {
            return response(e);
        }
    }

    /** A bug or an outage: logged with its stack trace, answered without one. */
    @Produces
    @Singleton
    static class UnexpectedHandler implements ExceptionHandler<RuntimeException, HttpResponse<?>> {
        private static final Logger LOG = LoggerFactory.getLogger(UnexpectedHandler.class);

        @Override
        public HttpResponse<?> handle(HttpRequest request, RuntimeException e) {
            if (e instanceof HubException he) {
                return response(he);
            }
            if (cn.gongkai.hub.redis.RedisErrors.fromRedis(e)) {
                LOG.error("{} {} failed: Redis unavailable: {}", request.getMethod(), request.getPath(), e.getMessage());
                return response(new HubException(503, "the store (Redis) is unavailable; nothing was changed by this request if it failed before writing; try again", null, null));
            }
            LOG.error("{} {} failed", request.getMethod(), request.getPath(), e);
            return response(new HubException(500, "internal error: " + e.getClass().getSimpleName() + " (details in the hub's log)", null, null));
        }
    }
}
