package cn.gongkai.hub.vendor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The OneBot 11 string message format (botuniverse/onebot-11 {@code message/string.md}) read as an implementation
 * reads it: text with {@code &amp; &#91; &#93;} unescaped, and {@code [CQ:type,key=value,...]} codes whose values
 * also unescape {@code &#44;}. The function name runs from {@code [CQ:} to the first {@code ,} or {@code ]}; a
 * parameter's name is what comes before its first {@code =}. A {@code [CQ:} that never closes is read as text, as
 * go-cqhttp does.
 */
public final class CqCode {
    private CqCode() {
    }

    /** One message segment (the array format of {@code message/array.md}): {@code text} segments carry {@code data.text}. */
    public record Segment(String type, Map<String, String> data) {
        public static Segment text(String text) {
            return new Segment("text", Map.of("text", text));
        }

        public boolean isText() {
            return "text".equals(type);
        }
    }

    public static List<Segment> parse(String message) {
        List<Segment> out = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        int i = 0;
        while (i < message.length()) {
            int start = message.indexOf("[CQ:", i);
            int end = start < 0 ? -1 : message.indexOf(']', start);
            if (start < 0 || end < 0) {
                text.append(message, i, message.length());
                break;
            }
            text.append(message, i, start);
            Segment code = code(message.substring(start + 4, end));
            if (code == null) {
                text.append(message, start, end + 1);
            } else {
                flush(text, out);
                out.add(code);
            }
            i = end + 1;
        }
        flush(text, out);
        return out;
    }

    /** The text segments joined: what a reader sees of the message without its images, faces and mentions. */
    public static String plainText(List<Segment> segments) {
        StringBuilder sb = new StringBuilder();
        segments.stream().filter(Segment::isText).forEach(s -> sb.append(s.data().get("text")));
        return sb.toString();
    }

    /** Escapes text so that it survives {@link #parse} as one text segment. */
    public static String escapeText(String text) {
        return text.replace("&", "&amp;").replace("[", "&#91;").replace("]", "&#93;");
    }

    public static String unescapeText(String s) {
        return s.replace("&#91;", "[").replace("&#93;", "]").replace("&amp;", "&");
    }

    private static String unescapeValue(String s) {
        return s.replace("&#44;", ",").replace("&#91;", "[").replace("&#93;", "]").replace("&amp;", "&");
    }

    private static Segment code(String inner) {
        int comma = inner.indexOf(',');
        String type = comma < 0 ? inner : inner.substring(0, comma);
        if (type.isEmpty() || type.contains(" ")) {
            return null;
        }
        Map<String, String> data = new LinkedHashMap<>();
        if (comma >= 0) {
            for (String param : inner.substring(comma + 1).split(",", -1)) {
                int eq = param.indexOf('=');
                if (eq <= 0) {
                    return null;
                }
                data.put(param.substring(0, eq), unescapeValue(param.substring(eq + 1)));
            }
        }
        return new Segment(type, data);
    }

    private static void flush(StringBuilder text, List<Segment> out) {
        if (text.length() > 0) {
            out.add(Segment.text(unescapeText(text.toString())));
            text.setLength(0);
        }
    }
}
