package cn.gongkai.hub.channel.render;

import org.commonmark.parser.Parser;
import org.commonmark.renderer.text.TextContentRenderer;

import java.nio.charset.StandardCharsets;

/**
 * Text helpers every renderer needs. Lengths are UTF-16 code units ({@link String#length()}), the unit SMS UCS-2
 * and the vendors' "characters" limits count; no cut ever splits a surrogate pair.
 */
public final class Texts {
    private static final Parser PARSER = Parser.builder().build();
    private static final TextContentRenderer TEXT = TextContentRenderer.builder().build();

    private Texts() {
    }

    public static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    /** The Markdown body as plain text (no markup), blocks separated by line breaks. */
    public static String plain(String markdown) {
        if (isBlank(markdown)) {
            return "";
        }
        return TEXT.render(PARSER.parse(markdown)).strip();
    }

    /** All whitespace runs, line breaks included, as one space; stripped. */
    public static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("[\\s\\u3000]+", " ").strip();
    }

    /**
     * The first sentence of a plain text: up to and including the first 。！？!?; or the first line when it ends
     * earlier.
     */
    public static String firstSentence(String text) {
        String s = text == null ? "" : text.strip();
        int end = s.length();
        int nl = s.indexOf('\n');
        if (nl >= 0) {
            end = nl;
        }
        for (int i = 0; i < end; i++) {
            char c = s.charAt(i);
            if (c == '。' || c == '！' || c == '？' || c == '!' || c == '?' || c == '；') {
                end = i + 1;
                break;
            }
        }
        return s.substring(0, end).strip();
    }

    /** The summary when there is one, else the first sentence of the body. */
    public static String summaryOrFirstSentence(String summary, String markdownBody) {
        return isBlank(summary) ? oneLine(firstSentence(plain(markdownBody))) : oneLine(summary);
    }

    /** The longest prefix of at most {@code maxUnits} UTF-16 units that does not end inside a surrogate pair. */
    public static String cut(String s, int maxUnits) {
        if (s.length() <= maxUnits) {
            return s;
        }
        int end = Math.max(0, maxUnits);
        if (end > 0 && Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end);
    }

    /** {@link #cut} with {@code ellipsis} appended when something was cut; the result fits {@code maxUnits}. */
    public static String shorten(String s, int maxUnits, String ellipsis) {
        if (s.length() <= maxUnits) {
            return s;
        }
        return cut(s, Math.max(0, maxUnits - ellipsis.length())) + ellipsis;
    }

    /** The first {@code n} code points of {@code s}. */
    public static String codePointPrefix(String s, int n) {
        return s.substring(0, s.offsetByCodePoints(0, Math.min(n, s.codePointCount(0, s.length()))));
    }

    public static int codePoints(String s) {
        return s.codePointCount(0, s.length());
    }

    /** One URL path segment, percent-encoded per RFC 3986 (UTF-8; a space becomes %20, never '+'). */
    public static String pathSegment(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return sb.toString();
    }
}
