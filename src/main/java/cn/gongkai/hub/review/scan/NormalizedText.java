package cn.gongkai.hub.review.scan;

import java.text.Normalizer;
import java.util.Arrays;

/**
 * Text folded for matching document numbers and titles, with a map back to the original offsets.
 * <ul>
 *   <li>NFKC, so full-width digits and letters equal half-width ones ({@code ２０１７} = {@code 2017});</li>
 *   <li>Latin lower case;</li>
 *   <li>every bracket {@code 〔〕 [] ［］ () （） 【】 〖〗} becomes {@code ( )}, so
 *       {@code 嘉政办发〔2017〕104号} = {@code 嘉政办发[2017]104号} = {@code 嘉政办发(2017)104号};</li>
 *   <li>whitespace, title marks {@code 《》〈〉<>} and quotation marks are dropped, so a title matches whether it is
 *       quoted as {@code 《…》}, {@code “…”} or not at all, and a nested {@code <…>} equals {@code 《…》}.</li>
 * </ul>
 * Every char of the folded text remembers the index of the original char it came from.
 */
final class NormalizedText {

    final char[] chars;
    final int length;
    /** {@code origin[i]}: index in the original text of the char that produced {@code chars[i]}. */
    private final int[] origin;
    /** {@code originEnd[i]}: index in the original text just after that char (two for a surrogate pair). */
    private final int[] originEnd;

    private NormalizedText(char[] chars, int length, int[] origin, int[] originEnd) {
        this.chars = chars;
        this.length = length;
        this.origin = origin;
        this.originEnd = originEnd;
    }

    static NormalizedText of(String text) {
        Builder b = new Builder(text.length());
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            int end = i + Character.charCount(cp);
            if (cp < 0x80 || (cp >= 0x4E00 && cp <= 0x9FFF)) {
                b.add(cp, i, end);
            } else {
                String folded = Normalizer.normalize(text.substring(i, end), Normalizer.Form.NFKC);
                // NFKC output is taken char by char, surrogates included; all of it maps to the one original char
                for (int j = 0; j < folded.length(); j++) {
                    b.add(folded.charAt(j), i, end);
                }
            }
            i = end;
        }
        return new NormalizedText(b.chars, b.length, b.origin, b.originEnd);
    }

    /** The folded form of a key; empty if nothing is left. */
    static String key(String text) {
        if (text == null) {
            return "";
        }
        NormalizedText n = of(text);
        return new String(n.chars, 0, n.length);
    }

    /** Original index of folded char {@code i}. */
    int start(int i) {
        return origin[i];
    }

    /** Original index just after folded range {@code [.., end)}. */
    int end(int end) {
        return originEnd[end - 1];
    }

    private static final class Builder {
        char[] chars;
        int[] origin;
        int[] originEnd;
        int length;

        Builder(int capacity) {
            chars = new char[Math.max(16, capacity)];
            origin = new int[chars.length];
            originEnd = new int[chars.length];
        }

        void add(int c, int from, int to) {
            char folded = fold(c);
            if (folded == 0) {
                return;
            }
            if (length == chars.length) {
                chars = Arrays.copyOf(chars, length * 2);
                origin = Arrays.copyOf(origin, length * 2);
                originEnd = Arrays.copyOf(originEnd, length * 2);
            }
            chars[length] = folded;
            origin[length] = from;
            originEnd[length] = to;
            length++;
        }
    }

    /** The char to keep for {@code c} (after NFKC), or 0 to drop it. */
    private static char fold(int c) {
        if (c >= 'A' && c <= 'Z') {
            return (char) (c + ('a' - 'A'));
        }
        if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
            return 0;
        }
        switch (c) {
            case '(', '[', '〔', '【', '〖', '〘', '〚', '{':
                return '(';
            case ')', ']', '〕', '】', '〗', '〙', '〛', '}':
                return ')';
            case '《', '》', '〈', '〉', '<', '>', '«', '»', '‹', '›',
                 '“', '”', '‘', '’', '"', '\'', '「', '」', '『', '』', '〝', '〞':
                return 0;
            default:
                return (char) c;
        }
    }
}
