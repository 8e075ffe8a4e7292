package cn.gongkai.hub.web;

import cn.gongkai.hub.HubException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Request bodies are read as trees so a malformed or mistyped one gets a 400 that names the field. */
final class Json {
    private Json() {
    }

    static JsonNode object(ObjectMapper json, String body) {
        JsonNode n;
        try {
            n = body == null || body.isBlank() ? null : json.readTree(body);
        } catch (JsonProcessingException e) {
            throw HubException.invalid("(body)", "is not valid JSON: " + e.getOriginalMessage());
        }
        if (n == null || !n.isObject()) {
            throw HubException.invalid("(body)", "must be a JSON object");
        }
        return n;
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual() && !v.isNumber()) {
            throw HubException.invalid(field, "must be a string");
        }
        return v.asText();
    }
}
