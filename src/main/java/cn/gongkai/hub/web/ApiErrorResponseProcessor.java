package cn.gongkai.hub.web;

import cn.gongkai.hub.web.console.ConsolePages;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.annotation.NonNull;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.micronaut.http.server.exceptions.response.HateoasErrorResponseProcessor;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Errors Micronaut answers itself (no or wrong credentials, missing role, unknown path, wrong media type, bad
 * parameter) in the same shape as the hub's own: {@code {status, message, errors: [{field, problem}]}}; under
 * {@code /console/} as a page in words.
 */
@Singleton
@Replaces(HateoasErrorResponseProcessor.class)
class ApiErrorResponseProcessor implements ErrorResponseProcessor<Map<String, Object>> {
    private final ConsolePages console;

    ApiErrorResponseProcessor(ConsolePages console) {
        this.console = console;
    }

    @Override
    @SuppressWarnings("unchecked")
    public @NonNull MutableHttpResponse<Map<String, Object>> processResponse(@NonNull ErrorContext ctx, @NonNull MutableHttpResponse<?> response) {
        int status = response.code();
        if (ConsolePages.isConsole(ctx.getRequest())) {
            String message = status == 404 ? "no such page: " + ctx.getRequest().getPath()
                    : ctx.getErrors().isEmpty() ? response.reason() : ctx.getErrors().get(0).getMessage();
            return (MutableHttpResponse<Map<String, Object>>) console.refused(ctx.getRequest(), new cn.gongkai.hub.HubException(status, message, null, null));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        String message = switch (status) {
            case 401 -> "sign in: send your user name and password with HTTP Basic authentication";
            case 403 -> "your roles do not allow this";
            case 404 -> "no such resource: " + ctx.getRequest().getMethod() + " " + ctx.getRequest().getPath();
            default -> ctx.getErrors().isEmpty() ? response.reason() : ctx.getErrors().get(0).getMessage();
        };
        body.put("message", message);
        List<Map<String, String>> errors = new ArrayList<>();
        ctx.getErrors().forEach(e -> e.getPath().ifPresent(p -> errors.add(Map.of("field", p, "problem", e.getMessage()))));
        if (!errors.isEmpty()) {
            body.put("errors", errors);
        }
        @SuppressWarnings("unchecked")
        MutableHttpResponse<Map<String, Object>> r = (MutableHttpResponse<Map<String, Object>>) response;
        return r.body(body).contentType(MediaType.APPLICATION_JSON_TYPE);
    }
}
