package cn.gongkai.hub;

import java.util.List;
import java.util.Map;

/**
 * A request the hub refuses, with the HTTP status the API answers and details a client can act on.
 * Features throw these; web/ turns them into JSON: {@code {"status", "message", "errors": [{field, problem}]}}.
 */
public class HubException extends RuntimeException {
    private final int status;
    private final List<FieldError> errors;
    private final Map<String, Object> details;

    public HubException(int status, String message, List<FieldError> errors, Map<String, Object> details) {
        super(message);
        this.status = status;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
        this.details = details == null ? Map.of() : details;
    }

    public record FieldError(String field, String problem) {
    }

    public static HubException invalid(List<FieldError> errors) {
        return new HubException(400, "invalid request: " + errors.stream().map(e -> e.field() + " " + e.problem()).reduce((a, b) -> a + "; " + b).orElse(""), errors, null);
    }

    public static HubException invalid(String field, String problem) {
        return invalid(List.of(new FieldError(field, problem)));
    }

    public static HubException notFound(String what) {
        return new HubException(404, what + " not found", null, null);
    }

    public static HubException conflict(String message) {
        return new HubException(409, message, null, null);
    }

    public static HubException conflict(String message, Map<String, Object> details) {
        return new HubException(409, message, null, details);
    }

    public static HubException forbidden(String message) {
        return new HubException(403, message, null, null);
    }

    public int status() {
        return status;
    }

    public List<FieldError> errors() {
        return errors;
    }

    public Map<String, Object> details() {
        return details;
    }
}
