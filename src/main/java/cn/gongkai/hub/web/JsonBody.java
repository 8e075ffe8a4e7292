package cn.gongkai.hub.web;

import cn.gongkai.hub.HubException;
import cn.gongkai.hub.HubException.FieldError;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A JSON request body read strictly from its raw bytes, and the typed fields of a request record read from it.
 *
 * <p>Micronaut's {@code @Body @Valid} record binding is not used: Jackson stops at the first field of the wrong type
 * and explains it in its own words (naming its classes), and the body has by then been decoded leniently. The hub
 * instead reports every bad field at once, named, and refuses what a lenient reader lets through: bytes that are not
 * UTF-8 (never replaced), content after the object, a key given twice, a lone surrogate escape (a high half such as
 * D800 with no low half after it), control characters (one-line fields take none; the Markdown body takes line breaks
 * and tabs). Its own limits on nesting, number and field name length are below Jackson's, so a client meets them in
 * the hub's words; the size of the body is capped before it gets here ({@link RequestLimits}).
 */
final class JsonBody {
    static final String BODY = "(body)";
    static final int MAX_DEPTH = 32;
    static final int MAX_NUMBER_CHARS = 100;
    static final int MAX_NAME_CHARS = 200;

    // The hub's limits above are the ones a client meets; Jackson's are opened up so that none fires first,
    // and the byte limit of the body bounds what is left.
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNumberLength(Integer.MAX_VALUE)
                    .maxNameLength(Integer.MAX_VALUE)
                    .maxStringLength(Integer.MAX_VALUE)
                    .maxNestingDepth(MAX_DEPTH + 1)
                    .build())
            .build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ObjectNode root;
    private final String prefix;
    private final List<FieldError> errors;

    private JsonBody(ObjectNode root, String prefix, List<FieldError> errors) {
        this.root = root;
        this.prefix = prefix;
        this.errors = errors;
    }

    /** A body that must be one JSON object. */
    static JsonBody parse(byte[] bytes) {
        return read(bytes, false);
    }

    /** A body that may be empty (taken as {@code {}}) or one JSON object. */
    static JsonBody parseOrEmpty(byte[] bytes) {
        return read(bytes, true);
    }

    private static JsonBody read(byte[] bytes, boolean emptyIsObject) {
        String text = utf8(bytes == null ? new byte[0] : bytes);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<FieldError> errors = new ArrayList<>();
        if (text.isBlank()) {
            if (emptyIsObject) {
                return new JsonBody(NODES.objectNode(), "", errors);
            }
            throw HubException.invalid(BODY, "must be a JSON object");
        }
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw HubException.invalid(BODY, "must be a JSON object");
            }
            ObjectNode root = (ObjectNode) new Reader(p, errors).value(first, "", 1);
            trailing(p);
            return new JsonBody(root, "", errors);
        } catch (JsonEOFException e) {
            throw HubException.invalid(BODY, "is not valid JSON: it ends before the JSON is complete");
        } catch (StreamConstraintsException e) {
            // only reachable if a limit of the reader was missed above; never quote Jackson's message
            throw HubException.invalid(BODY, "is too large or too deeply nested to read");
        } catch (JsonParseException e) {
            throw HubException.invalid(BODY, "is not valid JSON" + (e.getLocation() == null ? ""
                    : ": the syntax breaks at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()));
        } catch (IOException e) {
            throw new IllegalStateException("reading a JSON body held in memory", e);
        }
    }

    private static void trailing(JsonParser p) {
        JsonToken next;
        try {
            next = p.nextToken();
        } catch (IOException e) {
            next = JsonToken.NOT_AVAILABLE;
        }
        if (next != null) {
            throw HubException.invalid(BODY, "has content after the JSON object: send exactly one object");
        }
    }

    private static String utf8(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            return decoder.decode(in).toString();
        } catch (MalformedInputException e) {
            throw HubException.invalid(BODY, "is not valid UTF-8 (bad byte at offset " + in.position() + "); send JSON encoded as UTF-8");
        } catch (CharacterCodingException e) {
            throw HubException.invalid(BODY, "is not valid UTF-8; send JSON encoded as UTF-8");
        }
    }

    /** Builds the tree, keeping the problems that do not stop reading (duplicate keys, lone surrogates) for one answer. */
    private record Reader(JsonParser p, List<FieldError> errors) {
        JsonNode value(JsonToken t, String path, int depth) throws IOException {
            if ((t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) && depth > MAX_DEPTH) {
                throw HubException.invalid(BODY, "is nested too deeply (more than " + MAX_DEPTH + " levels)");
            }
            switch (t) {
                case START_OBJECT -> {
                    ObjectNode o = NODES.objectNode();
                    for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
                        String name = p.currentName();
                        if (name.length() > MAX_NAME_CHARS) {
                            throw HubException.invalid(BODY, "a field name is too long (more than " + MAX_NAME_CHARS + " characters)");
                        }
                        String child = path.isEmpty() ? name : path + "." + name;
                        int bad = loneSurrogate(name);
                        if (bad >= 0) {
                            errors.add(new FieldError(path.isEmpty() ? BODY : path, "has a field name with a lone surrogate " + codePoint(bad)
                                    + ", which is not a character"));
                        }
                        JsonNode v = value(p.nextToken(), child, depth + 1);
                        if (o.has(name)) {
                            errors.add(new FieldError(child, "appears more than once in the body; send each field once"));
                        } else {
                            o.set(name, v);
                        }
                    }
                    return o;
                }
                case START_ARRAY -> {
                    ArrayNode a = NODES.arrayNode();
                    int i = 0;
                    for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                        a.add(value(e, path + "[" + i++ + "]", depth + 1));
                    }
                    return a;
                }
                case VALUE_STRING -> {
                    String s = p.getText();
                    int bad = loneSurrogate(s);
                    if (bad >= 0) {
                        errors.add(new FieldError(path, "holds a lone surrogate " + codePoint(bad) + ", which is not a character"));
                    }
                    return NODES.textNode(s);
                }
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                    if (p.getTextLength() > MAX_NUMBER_CHARS) {
                        throw HubException.invalid(BODY, "a number is too long (more than " + MAX_NUMBER_CHARS + " characters)");
                    }
                    try {
                        return NODES.numberNode(p.getDecimalValue());
                    } catch (NumberFormatException | ArithmeticException e) {
                        throw HubException.invalid(BODY, "has a number that cannot be read: " + p.getText());
                    }
                }
                case VALUE_TRUE, VALUE_FALSE -> {
                    return NODES.booleanNode(t == JsonToken.VALUE_TRUE);
                }
                case VALUE_NULL -> {
                    return NODES.nullNode();
                }
                default -> throw new IllegalStateException("unexpected JSON token " + t);
            }
        }
    }

    /** Index of the first unpaired surrogate, or -1. */
    static int loneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return i;
                }
            } else if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    private static String codePoint(int c) {
        return String.format("U+%04X", c);
    }

    // ---- typed fields ----

    /** A one-line text (title, user name, comment, reason…): no control characters at all. Null when absent or null. */
    String line(String field) {
        return string(field, false);
    }

    /** A multi-line text (the Markdown body): line breaks and tabs, no other control characters. */
    String text(String field) {
        return string(field, true);
    }

    private String string(String field, boolean multiline) {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            error(field, "must be a string");
            return null;
        }
        String s = v.asText();
        return controls(prefix + field, s, multiline) ? s : null;
    }

    /** A list of one-line strings; {@code what} names its elements ("channel names"). Null when absent or null. */
    List<String> lines(String field, String what) {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isArray()) {
            error(field, "must be a list of " + what);
            return List.of();
        }
        List<String> out = new ArrayList<>();
        int i = 0;
        for (JsonNode e : v) {
            if (!e.isTextual()) {
                error(field, "must contain only " + what + ", found " + e);
            } else if (controls(prefix + field + "[" + i + "]", e.asText(), false)) {
                out.add(e.asText());
            }
            i++;
        }
        return out;
    }

    /** An object, read as a body of its own whose field names carry the path ({@code segment.all}); null when absent. */
    JsonBody object(String field, String what) {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isObject()) {
            error(field, "must be an object: " + what);
            return null;
        }
        return new JsonBody((ObjectNode) v, prefix + field + ".", errors);
    }

    /** A list of objects, each read as a body of its own whose field names carry the path ({@code waivers[0].reason}). */
    List<JsonBody> objects(String field, String what) {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            error(field, "must be a list of " + what);
            return List.of();
        }
        List<JsonBody> out = new ArrayList<>();
        int i = 0;
        for (JsonNode e : v) {
            String path = prefix + field + "[" + i++ + "]";
            if (e.isObject()) {
                out.add(new JsonBody((ObjectNode) e, path + ".", errors));
            } else {
                errors.add(new FieldError(path, "must be an object: " + what));
                out.add(null);
            }
        }
        return out;
    }

    /** Every field not in {@code known} is a problem naming the known ones; {@code what} says whose fields they are. */
    JsonBody only(Collection<String> known, String what) {
        String list = String.join(", ", new TreeSet<>(known));
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!known.contains(f)) {
                error(f, "is not a field of " + what + " (" + list + ")");
            }
        }
        return this;
    }

    /** What reading the body found wrong, in the order found. */
    List<FieldError> errors() {
        return List.copyOf(new LinkedHashSet<>(errors));
    }

    /**
     * Throws one 400 with the body's own problems and, for the fields the body had no problem with, the service's
     * {@code checks} of the record read from it; returns quietly when there are none.
     */
    void refuse(List<FieldError> checks) {
        List<FieldError> all = new ArrayList<>(errors());
        Set<String> bad = new java.util.HashSet<>();
        all.forEach(e -> bad.add(top(e.field())));
        for (FieldError c : checks) {
            if (!bad.contains(top(c.field()))) {
                all.add(c);
            }
        }
        if (!all.isEmpty()) {
            throw HubException.invalid(all);
        }
    }

    /** Throws one 400 if reading found anything wrong. */
    void refuseIfInvalid() {
        refuse(List.of());
    }

    private static String top(String field) {
        int cut = field.length();
        for (char c : new char[]{'.', '['}) {
            int i = field.indexOf(c);
            if (i > 0 && i < cut) {
                cut = i;
            }
        }
        return field.substring(0, cut);
    }

    private boolean controls(String path, String s, boolean multiline) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.getType(c) == Character.CONTROL && !(multiline && (c == '\n' || c == '\r' || c == '\t'))) {
                errors.add(new FieldError(path, (multiline ? "may hold line breaks and tabs but no other control characters"
                        : "must be one line without control characters") + " (found " + codePoint(c) + " at position " + i + ")"));
                return false;
            }
        }
        return true;
    }

    private void error(String field, String problem) {
        errors.add(new FieldError(prefix + field, problem));
    }
}
